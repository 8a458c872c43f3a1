import clsx from "clsx";
import { getTranslations } from "next-intl/server";
import { RULES } from "@/core/compliance";

/** The anchor of a rule's entry: its id, so a finding links straight to `#consent.wellFormed`. */
export function ruleAnchor(ruleId: string): string {
  return ruleId;
}

/**
 * Every rule of the rulebook for marketers, in registry order: title, severity, what it
 * asks for and why in plain words, and its legal basis (the same registry the checker
 * and the README read, so the page never lists a rule the checker does not have).
 */
export async function RulebookPage() {
  const t = await getTranslations("rulebook");
  const entries = RULES.map((rule) => {
    const key = rule.id;
    return {
      id: rule.id,
      severity: rule.severity,
      basis: rule.basis,
      title: t(`rules.${key}.title`),
      summary: t(`rules.${key}.summary`),
      explanation: t(`rules.${key}.explanation`),
    };
  });
  return (
    <div className="flex flex-col gap-8">
      <header className="flex flex-col gap-2">
        <h1 className="text-2xl font-semibold text-slate-900">{t("page.title")}</h1>
        <p className="max-w-3xl text-sm text-slate-600">{t("page.intro")}</p>
      </header>
      <nav aria-label={t("page.contents")} className="rounded-xl bg-slate-50 p-4 ring-1 ring-slate-200">
        <h2 className="mb-2 text-xs font-semibold tracking-wide text-slate-500 uppercase">{t("page.contents")}</h2>
        <ol className="grid gap-x-6 gap-y-1 text-sm sm:grid-cols-2">
          {entries.map((entry) => (
            <li key={entry.id}>
              <a href={`#${ruleAnchor(entry.id)}`} className="text-brand-700 hover:underline">
                {entry.title}
              </a>
            </li>
          ))}
        </ol>
      </nav>
      <div className="flex flex-col gap-4">
        {entries.map((entry) => (
          <section
            key={entry.id}
            id={ruleAnchor(entry.id)}
            aria-labelledby={`${ruleAnchor(entry.id)}-title`}
            data-testid="rule-entry"
            // The header is sticky: keep the entry's title below it when the link scrolls there; the linked entry stands out.
            className="scroll-mt-20 rounded-xl bg-white p-5 ring-1 ring-slate-200 target:ring-2 target:ring-brand-500"
          >
            <div className="flex flex-wrap items-center gap-2">
              <h2 id={`${ruleAnchor(entry.id)}-title`} className="text-lg font-semibold text-slate-900">
                {entry.title}
              </h2>
              <span
                className={clsx(
                  "rounded-full px-2 py-0.5 text-xs font-medium",
                  entry.severity === "error"
                    ? "bg-red-50 text-red-800 ring-1 ring-red-200"
                    : "bg-amber-50 text-amber-900 ring-1 ring-amber-200",
                )}
              >
                <span className="sr-only">{t("page.severityLabel")}: </span>
                {t(`severityShort.${entry.severity}`)}
              </span>
              <code className="text-xs text-slate-500">{entry.id}</code>
            </div>
            <p className="mt-2 text-sm font-medium text-slate-800">{entry.summary}</p>
            <p className="mt-1 text-sm text-slate-700">{entry.explanation}</p>
            <p className="mt-2 text-xs text-slate-600">
              <span className="font-medium">{t("page.basisLabel")}:</span> {entry.basis}
            </p>
          </section>
        ))}
      </div>
    </div>
  );
}
