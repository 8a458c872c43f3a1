import { TRPCError } from "@trpc/server";
import { getFormatter, getTranslations } from "next-intl/server";
import Link from "next/link";
import { AuthShell } from "@/components/layout/AuthShell";
import { InvitationAnswer } from "@/components/settings/InvitationAnswer";
import { ResendVerification } from "@/components/auth/ResendVerification";
import { Alert } from "@/components/ui/Alert";
import { getServerCaller } from "@/server/api/context";
import { getSession } from "@/server/auth/session";

const linkClass = "inline-flex items-center justify-center rounded-lg px-4 py-2 text-sm font-medium";

export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const t = await getTranslations("invite");
  const here = `/invite/${encodeURIComponent(token)}`;
  const session = await getSession();

  // Signed-out visitors first sign in or create an account, then come back here.
  if (!session) {
    return (
      <AuthShell title={t("title")} subtitle={t("signedOutText")}>
        <div className="flex flex-col gap-3">
          <Link
            href={`/signup?callbackUrl=${encodeURIComponent(here)}`}
            className={`${linkClass} bg-brand-600 text-white hover:bg-brand-700`}
          >
            {t("toSignUp")}
          </Link>
          <Link
            href={`/signin?callbackUrl=${encodeURIComponent(here)}`}
            className={`${linkClass} bg-white text-slate-800 ring-1 ring-inset ring-slate-300 hover:bg-slate-50`}
          >
            {t("toSignIn")}
          </Link>
        </div>
      </AuthShell>
    );
  }

  const preview = await (await getServerCaller()).members.invitation({ secret: token }).catch((error: unknown) => {
    if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST")) return null;
    throw error;
  });
  if (!preview) {
    return (
      <AuthShell title={t("title")} subtitle={t("invalidText")}>
        <Link href="/dashboard" className="text-sm font-medium text-brand-600 hover:underline">
          {t("toDashboard")}
        </Link>
      </AuthShell>
    );
  }

  const format = await getFormatter();
  const roles = await getTranslations("roles");
  const wrongAccount = !preview.forViewer;
  const verified = preview.forViewer && preview.status === "pending" ? await (await getServerCaller()).auth.emailVerified() : true;
  return (
    <AuthShell
      title={t("titleFor", { workspace: preview.workspaceName })}
      subtitle={t("text", { inviter: preview.invitedByName ?? t("someone"), workspace: preview.workspaceName, role: roles(preview.role) })}
    >
      {preview.status === "pending" && !wrongAccount && !verified && (
        <div className="flex flex-col gap-3">
          <Alert tone="info">{t("verifyFirst", { email: preview.email ?? "" })}</Alert>
          <ResendVerification next={here} />
        </div>
      )}
      {preview.status === "pending" && !wrongAccount && verified && (
        <>
          <p className="mb-4 text-xs text-slate-500">
            {t("validUntil", { date: format.dateTime(preview.expiresAt, { dateStyle: "medium" }) })}
          </p>
          <InvitationAnswer secret={token} />
        </>
      )}
      {preview.status === "pending" && wrongAccount && <Alert>{t("wrongAccount", { current: session.user.email ?? "" })}</Alert>}
      {preview.status === "expired" && <Alert>{t("expired")}</Alert>}
      {(preview.status === "accepted" || preview.status === "declined") && (
        <div className="flex flex-col gap-3">
          <Alert tone="info">{t("used")}</Alert>
          <Link
            href={preview.status === "accepted" ? `/w/${preview.workspaceSlug}/flows` : "/dashboard"}
            className="text-sm font-medium text-brand-600 hover:underline"
          >
            {preview.status === "accepted" ? t("toWorkspace") : t("toDashboard")}
          </Link>
        </div>
      )}
    </AuthShell>
  );
}
