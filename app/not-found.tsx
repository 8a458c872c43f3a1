import { getTranslations } from "next-intl/server";
import Link from "next/link";

export default async function NotFound() {
  const t = await getTranslations();
  return (
    <main id="main" className="mx-auto flex max-w-md flex-col items-center px-4 py-24 text-center">
      <h1 className="text-xl font-semibold text-slate-900">{t("errors.NOT_FOUND")}</h1>
      <Link href="/dashboard" className="mt-6 text-sm font-medium text-brand-600 hover:underline">
        {t("nav.allWorkspaces")}
      </Link>
    </main>
  );
}
