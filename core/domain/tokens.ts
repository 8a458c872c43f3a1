import { z } from "zod";

/** What an API token may do: fetch published exports, report consent events, report analytics events. */
export const API_TOKEN_SCOPES = ["exports:read", "consent:write", "events:write"] as const;
export type ApiTokenScope = (typeof API_TOKEN_SCOPES)[number];

/** Every secret starts with this, so leaked tokens are easy to recognise and scan for. */
export const API_TOKEN_PREFIX = "fg_";

export const ZApiTokenFields = z.object({
  name: z.string().trim().min(1, "validation.tokenNameRequired").max(80, "validation.textTooLong"),
  scopes: z.array(z.enum(API_TOKEN_SCOPES)).min(1, "validation.tokenScopeRequired"),
});
export type ApiTokenFields = z.infer<typeof ZApiTokenFields>;
