import { getTranslations } from "next-intl/server";
import { ChangePasswordForm } from "@/components/account/ChangePasswordForm";
import { AppHeader } from "@/components/layout/AppHeader";
import { SignOutEverywhereButton } from "@/components/layout/SignOutButton";
import { getServerCaller } from "@/server/api/context";
import { requireSession } from "@/server/auth/session";

export default async function AccountPage() {
  const session = await requireSession("/account");
  const t = await getTranslations();
  const account = await (await getServerCaller()).auth.account();
  return (
    <>
      <AppHeader userName={session.user.name ?? session.user.email ?? ""} />
      <main id="main" className="mx-auto max-w-3xl px-4 py-10">
        <h1 className="text-2xl font-semibold text-slate-900">{t("account.title")}</h1>
        <p className="mt-1 text-sm text-slate-600">{t("account.subtitle", { email: account.email })}</p>

        <section className="mt-8 rounded-xl bg-white p-6 ring-1 ring-slate-200" aria-labelledby="password-title">
          <h2 id="password-title" className="text-base font-semibold text-slate-900">
            {t("account.passwordTitle")}
          </h2>
          {account.hasPassword ? (
            <>
              <p className="mt-1 mb-4 text-sm text-slate-600">{t("account.passwordText")}</p>
              <ChangePasswordForm />
            </>
          ) : (
            <p className="mt-1 text-sm text-slate-600">{t("account.noPassword")}</p>
          )}
        </section>

        <section className="mt-6 rounded-xl bg-white p-6 ring-1 ring-slate-200" aria-labelledby="sessions-title">
          <h2 id="sessions-title" className="text-base font-semibold text-slate-900">
            {t("account.sessionsTitle")}
          </h2>
          <p className="mt-1 mb-4 text-sm text-slate-600">{t("account.sessionsText")}</p>
          <SignOutEverywhereButton />
        </section>
      </main>
    </>
  );
}
