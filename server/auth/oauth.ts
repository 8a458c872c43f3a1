/**
 * Which e-mail address an OAuth provider vouches for. An address the provider has not
 * verified must never sign in to (or take over) the account that has it: anyone can
 * open a Google account for someone else's address, and GitHub lists unverified
 * addresses, even as the primary one.
 */
export type GitHubEmail = { email: string; verified: boolean; primary?: boolean };

export type OAuthSignIn = {
  provider: string;
  email: string | null | undefined;
  /** The provider's profile as next-auth received it (Google: the ID token's claims). */
  profile: unknown;
  accessToken?: string;
  /** GitHub's list of the user's addresses with their verified flag (injected in tests). */
  gitHubEmails?: (accessToken: string) => Promise<GitHubEmail[]>;
};

async function fetchGitHubEmails(accessToken: string): Promise<GitHubEmail[]> {
  const response = await fetch("https://api.github.com/user/emails", {
    headers: { Authorization: `Bearer ${accessToken}`, Accept: "application/vnd.github+json", "User-Agent": "flowguard" },
  });
  if (!response.ok) return [];
  const body: unknown = await response.json();
  return Array.isArray(body) ? (body as GitHubEmail[]) : [];
}

/** The verified address to sign in with, or null to refuse the sign-in. */
export async function vouchedEmail(signIn: OAuthSignIn): Promise<string | null> {
  const email = signIn.email?.trim().toLowerCase();
  if (!email) return null;
  if (signIn.provider === "google") {
    const claims = signIn.profile as { email_verified?: unknown } | null;
    return claims?.email_verified === true || claims?.email_verified === "true" ? email : null;
  }
  if (signIn.provider === "github") {
    if (!signIn.accessToken) return null;
    const emails = await (signIn.gitHubEmails ?? fetchGitHubEmails)(signIn.accessToken);
    return emails.some((entry) => entry.verified === true && entry.email.trim().toLowerCase() === email) ? email : null;
  }
  // A provider we have not checked vouches for nothing.
  return null;
}
