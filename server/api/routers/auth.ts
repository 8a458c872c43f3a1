import { z } from "zod";
import { ZChangePasswordRequest, ZSignUpRequest, safeCallbackUrl } from "@/core/domain/auth";
import { changePassword, endAllSessions } from "@/server/auth/sessions";
import { isAppError } from "@/server/errors";
import { serverEnv } from "@/server/env";
import { findUserById, signUp } from "@/server/services/users";
import { isEmailVerified, sendAccountExistsMail, sendVerificationMail } from "@/server/services/emailVerification";
import { enforceSignUpLimit, enforceVerificationMailLimit } from "@/server/auth/rateLimit";
import { createTRPCRouter, protectedProcedure, publicProcedure } from "../trpc";

const ZLocale = z.enum(["de", "en"]).default("de");
/** Where the verification page offers to go on (the invitation the person came from); same-origin paths only. */
const ZNext = z
  .string()
  .max(2048)
  .optional()
  .transform((value) => (value ? safeCallbackUrl(value) : undefined));

function baseUrl(): string {
  return serverEnv().NEXTAUTH_URL ?? "http://localhost:3000";
}

export const authRouter = createTRPCRouter({
  /**
   * Creates an account and mails its verification link; the client then signs in
   * through next-auth. An address that already has an account gets the same answer
   * (its owner gets a mail instead), so sign-up does not tell who has an account.
   */
  signUp: publicProcedure.input(ZSignUpRequest.extend({ locale: ZLocale, next: ZNext })).mutation(async ({ ctx, input }) => {
    await enforceSignUpLimit(ctx.db, ctx.clientAddress ?? null);
    const { locale, next, ...request } = input;
    try {
      const user = await signUp(ctx.db, request);
      await sendVerificationMail(ctx.db, user.id, { baseUrl: baseUrl(), locale, next });
    } catch (error) {
      if (!isAppError(error) || error.code !== "EMAIL_TAKEN") throw error;
      await sendAccountExistsMail(request.email, { baseUrl: baseUrl(), locale });
    }
    return { verificationMailed: true as const };
  }),

  /** Whether the signed-in account's address is verified (the invitation page asks before offering to accept). */
  emailVerified: protectedProcedure.query(({ ctx }) => isEmailVerified(ctx.db, ctx.user.id)),

  /** Sends the verification link again (limited per account). */
  resendVerification: protectedProcedure.input(z.object({ locale: ZLocale, next: ZNext })).mutation(async ({ ctx, input }) => {
    if (await isEmailVerified(ctx.db, ctx.user.id)) return { alreadyVerified: true };
    await enforceVerificationMailLimit(ctx.db, ctx.user.id);
    await sendVerificationMail(ctx.db, ctx.user.id, { baseUrl: baseUrl(), locale: input.locale, next: input.next });
    return { alreadyVerified: false };
  }),

  /** The account page's facts: who is signed in and whether there is a Flowguard password to change. */
  account: protectedProcedure.query(async ({ ctx }) => {
    const user = await findUserById(ctx.db, ctx.user.id);
    return { email: user?.email ?? "", name: user?.name ?? "", hasPassword: Boolean(user?.passwordHash) };
  }),

  /** "Sign out everywhere": ends every session of the account, this one included. */
  signOutEverywhere: protectedProcedure.mutation(async ({ ctx }) => {
    await endAllSessions(ctx.db, ctx.user.id);
    return { signedOut: true as const };
  }),

  /** Changes the password; every other session of the account ends, this one stays. */
  changePassword: protectedProcedure.input(ZChangePasswordRequest).mutation(async ({ ctx, input }) => {
    await changePassword(ctx.db, { userId: ctx.user.id, keepSid: ctx.sessionId ?? null, ...input });
    return { changed: true as const };
  }),
});
