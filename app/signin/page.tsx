import { getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import { AuthShell } from "@/components/layout/AuthShell";
import { OAuthButtons } from "@/components/auth/OAuthButtons";
import { SignInForm } from "@/components/auth/SignInForm";
import { getSession } from "@/server/auth/session";
import { enabledOAuthProviders } from "@/server/env";
import { safeCallbackUrl } from "@/components/auth/callbackUrl";

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; error?: string }> }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(params.callbackUrl);
  if (await getSession()) redirect(callbackUrl);
  const t = await getTranslations("auth");
  const oauth = enabledOAuthProviders();
  return (
    <AuthShell title={t("signInTitle")} subtitle={t("signInSubtitle")}>
      <SignInForm callbackUrl={callbackUrl} initialError={params.error} />
      <OAuthButtons github={oauth.github} google={oauth.google} callbackUrl={callbackUrl} />
    </AuthShell>
  );
}
