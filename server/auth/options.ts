import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import GitHubProvider from "next-auth/providers/github";
import GoogleProvider from "next-auth/providers/google";
import { getDb } from "@/db/client";
import { enabledOAuthProviders, serverEnv } from "@/server/env";
import { findUserByEmail, upsertOAuthUser, verifyCredentials } from "@/server/services/users";
import { ZSignInRequest } from "@/core/domain/auth";
import { recordSignInFailure, recordSignInSuccess, signInLockSeconds } from "./rateLimit";
import { resolveAuthSecret } from "./secret";
import { clientAddress } from "@/server/security/clientAddress";
import { safeRedirect } from "@/core/domain/auth";

/** Error strings the sign-in page understands (next-auth passes them through). */
export const SIGNIN_ERROR = { invalid: "INVALID_CREDENTIALS", locked: "RATE_LIMITED" } as const;

function addressOf(headers: Record<string, unknown> | undefined): string | null {
  const forwarded = headers?.["x-forwarded-for"];
  return clientAddress(typeof forwarded === "string" ? forwarded : null);
}

function buildProviders(): NextAuthOptions["providers"] {
  const env = serverEnv();
  const enabled = enabledOAuthProviders(env);
  const providers: NextAuthOptions["providers"] = [
    CredentialsProvider({
      name: "Email",
      credentials: { email: { type: "email" }, password: { type: "password" } },
      async authorize(credentials, req) {
        const parsed = ZSignInRequest.safeParse(credentials ?? {});
        if (!parsed.success) throw new Error(SIGNIN_ERROR.invalid);
        const { email, password } = parsed.data;
        const db = getDb();
        const address = addressOf(req?.headers as Record<string, unknown> | undefined);
        const lockSeconds = signInLockSeconds(db, email, address);
        if (lockSeconds > 0) throw new Error(`${SIGNIN_ERROR.locked}:${lockSeconds}`);
        const user = await verifyCredentials(db, email, password);
        if (!user) {
          recordSignInFailure(db, email, address);
          const nowLocked = signInLockSeconds(db, email, address);
          throw new Error(nowLocked > 0 ? `${SIGNIN_ERROR.locked}:${nowLocked}` : SIGNIN_ERROR.invalid);
        }
        recordSignInSuccess(db, email, address);
        return { id: user.id, email: user.email, name: user.name };
      },
    }),
  ];
  if (enabled.github) {
    providers.push(GitHubProvider({ clientId: env.GITHUB_ID!, clientSecret: env.GITHUB_SECRET! }));
  }
  if (enabled.google) {
    providers.push(GoogleProvider({ clientId: env.GOOGLE_CLIENT_ID!, clientSecret: env.GOOGLE_CLIENT_SECRET! }));
  }
  return providers;
}

let cached: NextAuthOptions | undefined;

/** next-auth configuration: credentials always, GitHub and Google when configured; JWT sessions. */
export function authOptions(): NextAuthOptions {
  cached ??= {
    secret: resolveAuthSecret(),
    session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
    pages: { signIn: "/signin", error: "/signin" },
    providers: buildProviders(),
    callbacks: {
      // Every redirect next-auth makes (after sign-in, sign-out, OAuth) stays on our origin.
      async redirect({ url, baseUrl }) {
        return safeRedirect(url, baseUrl);
      },
      async signIn({ user, account }) {
        if (!account || account.provider === "credentials") return true;
        // OAuth: only providers that vouch for the email may link to an account.
        if (!user.email) return false;
        upsertOAuthUser(getDb(), { email: user.email, name: user.name });
        return true;
      },
      async jwt({ token, user, account }) {
        if (user) {
          const id = account?.provider === "credentials" ? user.id : findUserByEmail(getDb(), user.email!)?.id;
          if (id) token.uid = id;
        }
        return token;
      },
      async session({ session, token }) {
        if (session.user && typeof token.uid === "string") session.user.id = token.uid;
        return session;
      },
    },
  };
  return cached;
}
