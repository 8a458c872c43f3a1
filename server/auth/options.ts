import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import GitHubProvider from "next-auth/providers/github";
import GoogleProvider from "next-auth/providers/google";
import { getDb } from "@/db/client";
import { enabledOAuthProviders, serverEnv } from "@/server/env";
import { findUserByEmail, upsertOAuthUser, verifyCredentials } from "@/server/services/users";
import { ZSignInRequest } from "@/core/domain/auth";
import { claimSignInAttempt, recordSignInSuccess, signInLockSeconds } from "./rateLimit";
import { vouchedEmail } from "./oauth";
import { resolveAuthSecret } from "./secret";
import { decodeSessionToken, encodeSessionToken } from "./jwt";
import { checkSession, currentSessionVersion, newSessionId, revokeSession, SESSION_MAX_AGE_SECONDS } from "./sessions";
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
        // Counted before the password is checked, so parallel guesses cannot all pass the limit at once.
        const lockSeconds = await claimSignInAttempt(db, email, address);
        if (lockSeconds > 0) throw new Error(`${SIGNIN_ERROR.locked}:${lockSeconds}`);
        const user = await verifyCredentials(db, email, password);
        if (!user) {
          const nowLocked = await signInLockSeconds(db, email, address);
          throw new Error(nowLocked > 0 ? `${SIGNIN_ERROR.locked}:${nowLocked}` : SIGNIN_ERROR.invalid);
        }
        await recordSignInSuccess(db, email, address);
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
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    // next-auth's token format, with the key derived once (server/auth/jwt.ts).
    jwt: { encode: encodeSessionToken, decode: decodeSessionToken },
    pages: { signIn: "/signin", error: "/signin" },
    providers: buildProviders(),
    callbacks: {
      // Every redirect next-auth makes (after sign-in, sign-out, OAuth) stays on our origin.
      redirect({ url, baseUrl }) {
        return safeRedirect(url, baseUrl);
      },
      async signIn({ user, account, profile }) {
        if (!account || account.provider === "credentials") return true;
        // OAuth: only an address the provider has verified may sign in to (or create) an account.
        const email = await vouchedEmail({ provider: account.provider, email: user.email, profile, accessToken: account.access_token });
        if (!email) return false;
        await upsertOAuthUser(getDb(), { email, name: user.name });
        return true;
      },
      async jwt({ token, user, account }) {
        const db = getDb();
        if (user) {
          const id = account?.provider === "credentials" ? user.id : (await findUserByEmail(db, user.email!))?.id;
          const version = id ? await currentSessionVersion(db, id) : null;
          if (id && version !== null) return { ...token, uid: id, sv: version, sid: newSessionId() };
          return token;
        }
        // Every request: a signed-out, outdated or deleted session loses its user (see sessions.ts).
        const checked = await checkSession(db, token);
        if (!checked) {
          const { uid: _uid, sv: _sv, ...rest } = token;
          return rest;
        }
        return { ...token, sv: checked.sv };
      },
      session({ session, token }) {
        if (session.user && typeof token.uid === "string") {
          session.user.id = token.uid;
          if (typeof token.sid === "string") session.sid = token.sid;
        } else if (session.user) {
          // An ended session: nobody is signed in.
          delete (session as { user?: unknown }).user;
        }
        return session;
      },
    },
    events: {
      async signOut({ token }) {
        if (typeof token?.uid === "string" && typeof token.sid === "string") await revokeSession(getDb(), token.uid, token.sid);
      },
    },
  };
  return cached;
}
