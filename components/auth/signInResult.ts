/** Reads next-auth's error string (see SIGNIN_ERROR on the server) into something the form can show. */
export function parseSignInError(
  error: string | null | undefined,
): { kind: "invalid" } | { kind: "locked"; seconds: number; minutes: number } | { kind: "oauth" } | null {
  if (!error) return null;
  if (error.startsWith("RATE_LIMITED")) {
    // Back-off starts at a second: short waits are told in seconds, long ones in minutes.
    const seconds = Math.max(1, Number(error.split(":")[1]) || 60);
    return { kind: "locked", seconds, minutes: Math.max(1, Math.ceil(seconds / 60)) };
  }
  if (error === "INVALID_CREDENTIALS" || error === "CredentialsSignin") return { kind: "invalid" };
  return { kind: "oauth" };
}
