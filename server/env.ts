import { z } from "zod";

const optional = z.string().trim().min(1).optional().catch(undefined);

const ZServerEnv = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: optional,
  NEXTAUTH_SECRET: optional,
  NEXTAUTH_URL: optional,
  GITHUB_ID: optional,
  GITHUB_SECRET: optional,
  GOOGLE_CLIENT_ID: optional,
  GOOGLE_CLIENT_SECRET: optional,
  SMTP_URL: optional,
  SMTP_FROM: optional,
  /** The operator's own privacy policy and Impressum, linked from the sign-up page. */
  PRIVACY_POLICY_URL: optional,
  IMPRESSUM_URL: optional,
});

export type ServerEnv = z.infer<typeof ZServerEnv>;

let cached: ServerEnv | undefined;

/** Environment variables, parsed once. Empty strings count as unset. */
export function serverEnv(): ServerEnv {
  cached ??= ZServerEnv.parse(process.env);
  return cached;
}

/** Which OAuth providers are switched on: each needs both of its variables. */
export function enabledOAuthProviders(env = serverEnv()) {
  return {
    github: Boolean(env.GITHUB_ID && env.GITHUB_SECRET),
    google: Boolean(env.GOOGLE_CLIENT_ID && env.GOOGLE_CLIENT_SECRET),
  };
}
