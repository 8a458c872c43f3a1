import { getTranslations } from "next-intl/server";
import Link from "next/link";
import type { ReactNode } from "react";
import { AppHeader } from "@/components/layout/AppHeader";
import { WorkspaceSwitcher } from "@/components/workspaces/WorkspaceSwitcher";
import { loadWorkspaceOrNotFound } from "@/server/api/context";
import { requireSession } from "@/server/auth/session";
import { roleAtLeast } from "@/core/domain/workspace";

export default async function WorkspaceLayout({ children, params }: { children: ReactNode; params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const session = await requireSession(`/w/${slug}/flows`);
  const t = await getTranslations("nav");
  const workspace = await loadWorkspaceOrNotFound(slug);
  return (
    <>
      <AppHeader userName={session.user.name ?? session.user.email ?? ""}>
        <WorkspaceSwitcher currentSlug={workspace.slug} currentName={workspace.name} />
        <nav className="ml-2 hidden shrink-0 items-center gap-1 text-sm sm:flex" aria-label={workspace.name}>
          <Link href={`/w/${workspace.slug}/flows`} className="rounded-lg px-2 py-1.5 text-slate-700 hover:bg-slate-100">
            {t("flows")}
          </Link>
          <Link href={`/w/${workspace.slug}/analytics`} className="rounded-lg px-2 py-1.5 text-slate-700 hover:bg-slate-100">
            {t("analytics")}
          </Link>
          <Link href={`/w/${workspace.slug}/rules`} className="rounded-lg px-2 py-1.5 text-slate-700 hover:bg-slate-100">
            {t("rules")}
          </Link>
          {roleAtLeast(workspace.role, "admin") && (
            <Link href={`/w/${workspace.slug}/settings/members`} className="rounded-lg px-2 py-1.5 text-slate-700 hover:bg-slate-100">
              {t("settings")}
            </Link>
          )}
        </nav>
      </AppHeader>
      {children}
    </>
  );
}
