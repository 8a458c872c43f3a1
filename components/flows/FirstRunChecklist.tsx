"use client";
import { useQuery } from "@tanstack/react-query";
import clsx from "clsx";
import { CheckCircle2, Circle } from "lucide-react";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useTRPC } from "@/components/providers/trpc";
import type { Role } from "@/core/domain/workspace";
import { roleAtLeast } from "@/core/domain/workspace";
import { missingLegalFields } from "./legalCompleteness";

type Step = { key: "legal" | "flow" | "publish" | "bot"; done: boolean; href?: string };

/**
 * The first steps of a new workspace, in the order that avoids dead ends: legal
 * settings first (every flow needs them), then a flow, publishing it and
 * connecting a bot. Each ticks itself off from what the workspace holds; the
 * list disappears once all are done.
 */
export function FirstRunChecklist({
  workspaceSlug,
  role,
  flows,
}: {
  workspaceSlug: string;
  role: Role;
  flows: { publishedVersion: number | null }[];
}) {
  const t = useTranslations("flows.firstRun");
  const trpc = useTRPC();
  const isAdmin = roleAtLeast(role, "admin");
  const legal = useQuery(trpc.legal.get.queryOptions({ workspaceSlug }));
  // Only admins may see tokens; for others the step stays open and says whom to ask.
  const tokens = useQuery({ ...trpc.tokens.list.queryOptions({ workspaceSlug }), enabled: isAdmin });
  if (legal.isPending || (isAdmin && tokens.isPending)) return null;

  const steps: Step[] = [
    {
      key: "legal",
      done: legal.data ? missingLegalFields(legal.data).length === 0 : false,
      href: isAdmin ? `/w/${workspaceSlug}/settings/legal` : undefined,
    },
    { key: "flow", done: flows.length > 0 },
    { key: "publish", done: flows.some((f) => f.publishedVersion !== null) },
    {
      key: "bot",
      done: (tokens.data ?? []).some((token) => token.revokedAt === null && token.lastUsedAt !== null),
      href: isAdmin ? `/w/${workspaceSlug}/settings/tokens` : undefined,
    },
  ];
  if (steps.every((s) => s.done)) return null;
  const next = steps.find((s) => !s.done)!;
  const stepHint = (key: Step["key"]) => (key === "flow" || key === "publish" ? t(`${key}.hint`) : t(`${key}.askAdmin`));

  return (
    <section aria-labelledby="first-run-title" data-testid="first-run" className="mt-6 rounded-xl bg-white p-4 ring-1 ring-slate-200">
      <h2 id="first-run-title" className="text-sm font-semibold text-slate-900">
        {t("title")}
      </h2>
      <ol className="mt-3 grid gap-2 sm:grid-cols-2 lg:grid-cols-4">
        {steps.map((step, index) => (
          <li
            key={step.key}
            data-done={step.done}
            data-testid={`first-run-${step.key}`}
            className={clsx("flex gap-2 rounded-lg p-2 text-sm", step === next ? "bg-brand-50 ring-1 ring-brand-100" : "bg-slate-50")}
          >
            {step.done ? (
              <CheckCircle2 className="mt-0.5 size-4 shrink-0 text-emerald-600" aria-hidden />
            ) : (
              <Circle className="mt-0.5 size-4 shrink-0 text-slate-400" aria-hidden />
            )}
            <span>
              <span className={clsx("block font-medium", step.done ? "text-slate-500 line-through" : "text-slate-900")}>
                {index + 1}. {t(`${step.key}.title`)}
                <span className="sr-only"> – {step.done ? t("done") : t("open")}</span>
              </span>
              {!step.done && (
                <span className="block text-xs text-slate-600">
                  {step.href ? (
                    <Link href={step.href} className="font-medium text-brand-700 underline">
                      {t(`${step.key}.action`)}
                    </Link>
                  ) : (
                    stepHint(step.key)
                  )}
                </span>
              )}
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}
