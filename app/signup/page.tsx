import { getTranslations } from "next-intl/server";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { AuthShell } from "@/components/layout/AuthShell";
import { OAuthButtons } from "@/components/auth/OAuthButtons";
import { SignUpForm } from "@/components/auth/SignUpForm";
import { getDb } from "@/db/client";
import { getSession } from "@/server/auth/session";
import { enforceInvitationLookupLimit } from "@/server/auth/rateLimit";
import { enabledOAuthProviders, serverEnv } from "@/server/env";
import { isAppError } from "@/server/errors";
import { clientAddress } from "@/server/security/clientAddress";
import { invitedAddressForSignUp } from "@/server/services/members";
import { safeCallbackUrl } from "@/components/auth/callbackUrl";

/** Coming from an invitation link: the invited address, so the form starts with it (look-ups limited per client address). */
async function invitedAddress(callbackUrl: string): Promise<string | null> {
  const match = /^\/invite\/([A-Za-z0-9_-]{20,100})$/.exec(callbackUrl);
  if (!match) return null;
  const db = getDb();
  try {
    await enforceInvitationLookupLimit(db, `address:${clientAddress((await headers()).get("x-forwarded-for")) ?? "unknown"}`);
  } catch (error) {
    if (isAppError(error)) return null;
    throw error;
  }
  return invitedAddressForSignUp(db, match[1]!);
}

export default async function SignUpPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const callbackUrl = safeCallbackUrl((await searchParams).callbackUrl);
  if (await getSession()) redirect(callbackUrl);
  const t = await getTranslations("auth");
  const oauth = enabledOAuthProviders();
  const env = serverEnv();
  return (
    <AuthShell title={t("signUpTitle")} subtitle={t("signUpSubtitle")}>
      <SignUpForm
        callbackUrl={callbackUrl}
        initialEmail={(await invitedAddress(callbackUrl)) ?? ""}
        privacyPolicyUrl={env.PRIVACY_POLICY_URL ?? null}
        impressumUrl={env.IMPRESSUM_URL ?? null}
      />
      <OAuthButtons github={oauth.github} google={oauth.google} callbackUrl={callbackUrl} />
    </AuthShell>
  );
}
