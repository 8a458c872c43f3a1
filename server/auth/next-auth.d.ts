import type { DefaultSession } from "next-auth";

declare module "next-auth" {
  interface Session {
    user: { id: string } & DefaultSession["user"];
    /** This session's id (server/auth/sessions.ts), so a password change can keep it signed in. */
    sid?: string;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    uid?: string;
    /** The user's session version when this session was checked last. */
    sv?: number;
    /** Stable id of this session across token refreshes. */
    sid?: string;
  }
}
