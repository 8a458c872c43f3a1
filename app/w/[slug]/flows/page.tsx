import { Workflow } from "lucide-react";
import { getTranslations } from "next-intl/server";
import { EmptyState } from "@/components/ui/EmptyState";

export default async function FlowsPage() {
  const t = await getTranslations("flows");
  return (
    <main id="main" className="mx-auto max-w-5xl px-4 py-10">
      <h1 className="text-2xl font-semibold text-slate-900">{t("title")}</h1>
      <p className="mt-1 text-sm text-slate-600">{t("subtitle")}</p>
      <div className="mt-8">
        <EmptyState icon={<Workflow className="size-8" aria-hidden />} title={t("emptyTitle")} text={t("emptyText")} />
      </div>
    </main>
  );
}
