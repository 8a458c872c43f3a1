"use client";
import { Menu, MenuButton, MenuItem, MenuItems, MenuSeparator } from "@headlessui/react";
import { useQuery } from "@tanstack/react-query";
import { Check, ChevronsUpDown, LayoutGrid } from "lucide-react";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useTRPC } from "@/components/providers/trpc";

/** The current workspace's name; opens a menu of the user's other workspaces. */
export function WorkspaceSwitcher({ currentSlug, currentName }: { currentSlug: string; currentName: string }) {
  const t = useTranslations("nav");
  const trpc = useTRPC();
  const list = useQuery(trpc.workspaces.list.queryOptions());
  return (
    <Menu as="div" className="relative">
      <MenuButton
        aria-label={t("switchWorkspace")}
        className="flex items-center gap-2 rounded-lg px-2 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-100"
      >
        <span className="max-w-48 truncate">{currentName}</span>
        <ChevronsUpDown className="size-4 text-slate-500" aria-hidden />
      </MenuButton>
      <MenuItems
        anchor="bottom start"
        className="z-50 mt-1 w-64 rounded-xl bg-white p-1 text-sm shadow-lg ring-1 ring-slate-200 focus:outline-none"
      >
        {(list.data ?? []).map((ws) => (
          <MenuItem key={ws.id}>
            <Link href={`/w/${ws.slug}/flows`} className="flex items-center justify-between rounded-lg px-3 py-2 data-focus:bg-slate-100">
              <span className="truncate">{ws.name}</span>
              {ws.slug === currentSlug && <Check className="size-4 text-brand-600" aria-label="✓" />}
            </Link>
          </MenuItem>
        ))}
        <MenuSeparator className="my-1 h-px bg-slate-200" />
        <MenuItem>
          <Link href="/dashboard" className="flex items-center gap-2 rounded-lg px-3 py-2 data-focus:bg-slate-100">
            <LayoutGrid className="size-4 text-slate-500" aria-hidden />
            {t("allWorkspaces")}
          </Link>
        </MenuItem>
      </MenuItems>
    </Menu>
  );
}
