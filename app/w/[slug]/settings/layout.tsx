import { Lock } from "lucide-react";
import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { SettingsNav } from "@/components/settings/SettingsNav";
import { EmptyState } from "@/components/ui/EmptyState";
import { loadWorkspaceOrNotFound } from "@/server/api/context";
import { roleAtLeast } from "@/core/domain/workspace";

/*
 * Settings are for admins and owners. Hiding them from others is only courtesy:
 * every procedure and download checks the role again on the server.
 */
export default async function SettingsLayout({ children, params }: { children: ReactNode; params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const t = await getTranslations("settings");
  const workspace = await loadWorkspaceOrNotFound(slug);
  return (
    <main id="main" className="mx-auto max-w-6xl px-4 py-10">
      <h1 className="text-2xl font-semibold text-slate-900">{t("title")}</h1>
      <p className="mt-1 text-sm text-slate-600">{t("subtitle", { workspace: workspace.name })}</p>
      {roleAtLeast(workspace.role, "admin") ? (
        <div className="mt-8 flex flex-col gap-8 md:flex-row">
          <aside className="md:w-52 md:shrink-0">
            <SettingsNav slug={slug} />
          </aside>
          <div className="min-w-0 flex-1">{children}</div>
        </div>
      ) : (
        <div className="mt-8">
          <EmptyState icon={<Lock className="size-8" aria-hidden />} title={t("noAccessTitle")} text={t("noAccessText")} />
        </div>
      )}
    </main>
  );
}
