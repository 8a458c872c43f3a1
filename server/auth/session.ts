import "server-only";
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { authOptions } from "./options";

/** The signed-in user's session, or null. */
export async function getSession() {
  const session = await getServerSession(authOptions());
  return session?.user?.id ? session : null;
}

/** For pages that need a signed-in user: sends everyone else to the sign-in page. */
export async function requireSession(callbackUrl?: string) {
  const session = await getSession();
  if (!session) {
    redirect(callbackUrl ? `/signin?callbackUrl=${encodeURIComponent(callbackUrl)}` : "/signin");
  }
  return session;
}
