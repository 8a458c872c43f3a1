"use client";
import clsx from "clsx";
import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { setLocaleAction } from "@/i18n/actions";
import { LOCALES } from "@/i18n/config";

/** A two-button toggle; the choice is stored in a cookie and the page re-renders. */
export function LanguageSwitcher() {
  const t = useTranslations("language");
  const current = useLocale();
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  return (
    <div role="group" aria-label={t("switchLabel")} className="inline-flex rounded-lg bg-slate-100 p-0.5 text-xs">
      {LOCALES.map((locale) => (
        <button
          key={locale}
          type="button"
          lang={locale}
          aria-pressed={current === locale}
          disabled={pending}
          onClick={() =>
            startTransition(async () => {
              await setLocaleAction(locale);
              router.refresh();
            })
          }
          className={clsx(
            "rounded-md px-2 py-1 font-medium transition",
            current === locale ? "bg-white text-slate-900 shadow-sm" : "text-slate-600 hover:text-slate-900",
          )}
        >
          {t(locale)}
        </button>
      ))}
    </div>
  );
}
