import { z } from "zod";
import { ZEmail } from "@/core/domain/auth";
import { ROLES } from "./workspace";

/** How long an invitation link stays valid. */
export const INVITATION_TTL_DAYS = 7;

export const ZRole = z.enum(ROLES);

/** The invitation form and the server agree on these fields. */
export const ZInvitationFields = z.object({ email: ZEmail, role: ZRole });
export type InvitationFields = z.infer<typeof ZInvitationFields>;

/** The secret part of an invitation link (`/invite/<secret>`). */
export const ZInvitationSecret = z.string().min(20).max(100);
