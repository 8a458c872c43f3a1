"use client";
import { useQuery } from "@tanstack/react-query";
import { Check, ChevronsUpDown, LayoutGrid } from "lucide-react";
import { useTranslations } from "next-intl";
import { useTRPC } from "@/components/providers/trpc";
import { Menu, type MenuEntry } from "@/components/ui/Menu";

/** The current workspace's name; opens a menu of the user's other workspaces. */
export function WorkspaceSwitcher({ currentSlug, currentName }: { currentSlug: string; currentName: string }) {
  const t = useTranslations("nav");
  const trpc = useTRPC();
  const list = useQuery(trpc.workspaces.list.queryOptions());
  const entries: MenuEntry[] = [
    ...(list.data ?? []).map((ws): MenuEntry => ({
      kind: "item",
      label: ws.name,
      href: `/w/${ws.slug}/flows`,
      trailing: ws.slug === currentSlug ? <Check className="size-4 text-brand-600" aria-label="✓" /> : undefined,
    })),
    { kind: "separator" },
    { kind: "item", label: t("allWorkspaces"), href: "/dashboard", icon: <LayoutGrid className="size-4 text-slate-500" aria-hidden /> },
  ];
  return (
    <Menu
      width="w-64"
      buttonClassName="flex items-center gap-2 rounded-lg px-2 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-100"
      buttonContent={
        <>
          {/* Named by what it shows, the workspace, plus what it does for screen readers. */}
          <span className="max-w-32 truncate lg:max-w-48">{currentName}</span>
          <span className="sr-only"> ({t("switchWorkspace")})</span>
          <ChevronsUpDown className="size-4 text-slate-500" aria-hidden />
        </>
      }
      entries={entries}
    />
  );
}
