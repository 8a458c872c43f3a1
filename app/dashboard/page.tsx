import { Building2, ChevronRight } from "lucide-react";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { AppHeader } from "@/components/layout/AppHeader";
import { EmptyState } from "@/components/ui/EmptyState";
import { CreateWorkspaceForm } from "@/components/workspaces/CreateWorkspaceForm";
import { getServerCaller } from "@/server/api/context";
import { requireSession } from "@/server/auth/session";

export default async function DashboardPage() {
  const session = await requireSession("/dashboard");
  const t = await getTranslations();
  const workspaces = await (await getServerCaller()).workspaces.list();
  return (
    <>
      <AppHeader userName={session.user.name ?? session.user.email ?? ""} />
      <main id="main" className="mx-auto max-w-3xl px-4 py-10">
        <h1 className="text-2xl font-semibold text-slate-900">{t("dashboard.title")}</h1>
        <p className="mt-1 text-sm text-slate-600">{t("dashboard.subtitle")}</p>

        <section className="mt-8" aria-label={t("dashboard.title")}>
          {workspaces.length === 0 ? (
            <EmptyState
              icon={<Building2 className="size-8" aria-hidden />}
              title={t("dashboard.emptyTitle")}
              text={t("dashboard.emptyText")}
            />
          ) : (
            <ul
              className="divide-y divide-slate-200 overflow-hidden rounded-xl bg-white ring-1 ring-slate-200"
              data-testid="workspace-list"
            >
              {workspaces.map((ws) => (
                <li key={ws.id}>
                  <Link href={`/w/${ws.slug}/flows`} className="flex items-center gap-4 px-5 py-4 hover:bg-slate-50">
                    <span
                      className="flex size-10 items-center justify-center rounded-lg bg-brand-50 font-semibold text-brand-700"
                      aria-hidden
                    >
                      {ws.name.slice(0, 1).toUpperCase()}
                    </span>
                    <span className="flex-1">
                      <span className="block font-medium text-slate-900">{ws.name}</span>
                      <span className="block text-xs text-slate-500">{t(`roles.${ws.role}`)}</span>
                    </span>
                    <ChevronRight className="size-5 text-slate-400" aria-hidden />
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </section>

        <section className="mt-10 rounded-xl bg-white p-6 ring-1 ring-slate-200">
          <h2 className="mb-4 text-base font-semibold text-slate-900">{t("dashboard.createTitle")}</h2>
          <CreateWorkspaceForm />
        </section>
      </main>
    </>
  );
}
