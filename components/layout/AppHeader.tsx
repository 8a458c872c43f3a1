import { ShieldCheck, UserRound } from "lucide-react";
import { useTranslations } from "next-intl";
import Link from "next/link";
import type { ReactNode } from "react";
import { LanguageSwitcher } from "@/components/ui/LanguageSwitcher";
import { SignOutButton } from "./SignOutButton";

/** Top bar of every signed-in page; `children` holds page-specific navigation. */
export function AppHeader({ userName, children }: { userName: string; children?: ReactNode }) {
  const t = useTranslations("nav");
  return (
    <header className="sticky top-0 z-40 border-b border-slate-200 bg-white/90 backdrop-blur">
      <div className="mx-auto flex h-14 max-w-7xl items-center gap-3 px-4">
        <Link href="/dashboard" className="flex shrink-0 items-center gap-2 font-semibold text-slate-900">
          <ShieldCheck className="size-6 text-brand-600" aria-hidden />
          <span className="hidden sm:inline">Flowguard</span>
        </Link>
        {children && (
          <span className="text-slate-300" aria-hidden>
            /
          </span>
        )}
        {/* min-w-0: on a tablet the workspace name shrinks instead of pushing "Abmelden" off screen. */}
        <div className="flex min-w-0 flex-1 items-center gap-2">{children}</div>
        <LanguageSwitcher />
        {/* The account page (password, sessions); wide screens show the name, narrow ones an icon. */}
        <Link
          href="/account"
          className="flex shrink-0 items-center gap-1.5 rounded-lg px-2 py-1.5 text-sm text-slate-600 hover:bg-slate-100 hover:text-slate-900"
        >
          <UserRound className="size-4" aria-hidden />
          <span className="hidden max-w-40 truncate xl:inline" data-testid="current-user">
            {userName}
          </span>
          <span className="sr-only xl:hidden">{t("account")}</span>
        </Link>
        <SignOutButton />
      </div>
    </header>
  );
}
