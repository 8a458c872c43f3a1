import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { AuthShell } from "@/components/layout/AuthShell";
import { Alert } from "@/components/ui/Alert";
import { safeCallbackUrl } from "@/core/domain/auth";
import { getDb } from "@/db/client";
import { confirmEmailVerification } from "@/server/services/emailVerification";

export const dynamic = "force-dynamic";

/** The page behind the mailed verification link: confirms the address, then offers to go on (e.g. to the invitation). */
export default async function VerifyEmailPage({
  params,
  searchParams,
}: {
  params: Promise<{ token: string }>;
  searchParams: Promise<{ next?: string }>;
}) {
  const { token } = await params;
  const next = safeCallbackUrl((await searchParams).next);
  const t = await getTranslations("auth");
  const confirmed = await confirmEmailVerification(getDb(), token);
  return (
    <AuthShell title={t("verifyTitle")} subtitle={confirmed ? t("verifyDone") : t("verifyFailed")}>
      {confirmed ? null : <Alert tone="info">{t("verifyFailedHint")}</Alert>}
      <Link href={next} className="mt-4 inline-block text-sm font-medium text-brand-600 hover:underline">
        {t("verifyContinue")}
      </Link>
    </AuthShell>
  );
}
