"use client";
import clsx from "clsx";
import { FileText, KeyRound, ScrollText, ShieldCheck, Trash2, Users } from "lucide-react";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { usePathname } from "next/navigation";

const SECTIONS = [
  { segment: "members", icon: Users },
  { segment: "legal", icon: FileText },
  { segment: "tokens", icon: KeyRound },
  { segment: "audit", icon: ScrollText },
  { segment: "consent", icon: ShieldCheck },
  { segment: "workspace", icon: Trash2 },
] as const;

/** The settings sub-navigation; highlights the current section. */
export function SettingsNav({ slug }: { slug: string }) {
  const t = useTranslations("settings");
  const pathname = usePathname();
  return (
    <nav aria-label={t("navLabel")} className="flex gap-1 overflow-x-auto md:flex-col">
      {SECTIONS.map(({ segment, icon: Icon }) => {
        const href = `/w/${slug}/settings/${segment}`;
        const current = pathname === href;
        return (
          <Link
            key={segment}
            href={href}
            aria-current={current ? "page" : undefined}
            className={clsx(
              "flex items-center gap-2 whitespace-nowrap rounded-lg px-3 py-2 text-sm",
              current ? "bg-brand-50 font-medium text-brand-700" : "text-slate-700 hover:bg-slate-100",
            )}
          >
            <Icon className="size-4" aria-hidden />
            {t(`sections.${segment}`)}
          </Link>
        );
      })}
    </nav>
  );
}
