import { getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import { AuthShell } from "@/components/layout/AuthShell";
import { OAuthButtons } from "@/components/auth/OAuthButtons";
import { SignUpForm } from "@/components/auth/SignUpForm";
import { getSession } from "@/server/auth/session";
import { enabledOAuthProviders } from "@/server/env";
import { safeCallbackUrl } from "@/components/auth/callbackUrl";

export default async function SignUpPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const callbackUrl = safeCallbackUrl((await searchParams).callbackUrl);
  if (await getSession()) redirect(callbackUrl);
  const t = await getTranslations("auth");
  const oauth = enabledOAuthProviders();
  return (
    <AuthShell title={t("signUpTitle")} subtitle={t("signUpSubtitle")}>
      <SignUpForm callbackUrl={callbackUrl} />
      <OAuthButtons github={oauth.github} google={oauth.google} callbackUrl={callbackUrl} />
    </AuthShell>
  );
}
