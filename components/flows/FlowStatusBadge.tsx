"use client";
import clsx from "clsx";
import { CircleAlert, ShieldCheck, TriangleAlert } from "lucide-react";
import { useTranslations } from "next-intl";

/** Errors block publishing (red); warnings are allowed (amber); none means ready (green). */
export function FlowStatusBadge({ errorCount, warningCount }: { errorCount: number; warningCount: number }) {
  const t = useTranslations("flows");
  return (
    <span className="inline-flex flex-wrap items-center gap-1.5" title={errorCount > 0 ? t("statusErrorsHint") : undefined}>
      {errorCount > 0 ? (
        <Pill tone="error" icon={<CircleAlert className="size-3.5" aria-hidden />} text={t("statusErrors", { count: errorCount })} />
      ) : (
        <Pill tone="ok" icon={<ShieldCheck className="size-3.5" aria-hidden />} text={t("statusReady")} />
      )}
      {warningCount > 0 && (
        <Pill
          tone="warning"
          icon={<TriangleAlert className="size-3.5" aria-hidden />}
          text={t("statusWarnings", { count: warningCount })}
        />
      )}
    </span>
  );
}

function Pill({ tone, icon, text }: { tone: "ok" | "warning" | "error"; icon: React.ReactNode; text: string }) {
  return (
    <span
      className={clsx(
        "inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium",
        tone === "ok" && "bg-emerald-50 text-emerald-700 ring-1 ring-emerald-200",
        tone === "warning" && "bg-amber-50 text-amber-800 ring-1 ring-amber-200",
        tone === "error" && "bg-red-50 text-red-700 ring-1 ring-red-200",
      )}
    >
      {icon}
      {text}
    </span>
  );
}
