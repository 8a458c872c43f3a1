"use client";
import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useTRPC } from "@/components/providers/trpc";
import { Alert } from "@/components/ui/Alert";
import { Spinner } from "@/components/ui/Spinner";
import { useDescribeError } from "@/components/ui/errorMessage";

/** What changed between two versions (or a version and the draft), in lists a marketer can scan. */
export function VersionDiffView({
  workspaceSlug,
  flowId,
  from,
  to,
}: {
  workspaceSlug: string;
  flowId: string;
  from: number;
  to: number | "draft";
}) {
  const t = useTranslations("versions");
  const trpc = useTRPC();
  const describeError = useDescribeError();
  const diff = useQuery({ ...trpc.flows.versionDiff.queryOptions({ workspaceSlug, flowId, from, to }), staleTime: 0 });
  if (diff.isPending) return <Spinner />;
  if (diff.isError) return <Alert>{describeError(diff.error)}</Alert>;
  const d = diff.data;
  const nothing =
    d.added.length + d.removed.length + d.textsChanged.length + d.settingsChanged.length + d.connectionsAdded + d.connectionsRemoved ===
      0 && !d.flowSettingsChanged;
  if (nothing) return <p className="text-sm text-slate-600">{t("noChanges")}</p>;
  return (
    <div className="max-h-[55vh] space-y-4 overflow-y-auto text-sm" data-testid="version-diff">
      {d.added.length > 0 && (
        <section>
          <h4 className="font-medium text-emerald-800">{t("added")}</h4>
          <ul className="mt-1 list-disc pl-5 text-slate-700">
            {d.added.map((s) => (
              <li key={s.nodeId}>{s.label}</li>
            ))}
          </ul>
        </section>
      )}
      {d.removed.length > 0 && (
        <section>
          <h4 className="font-medium text-red-800">{t("removed")}</h4>
          <ul className="mt-1 list-disc pl-5 text-slate-700">
            {d.removed.map((s) => (
              <li key={s.nodeId}>{s.label}</li>
            ))}
          </ul>
        </section>
      )}
      {d.textsChanged.length > 0 && (
        <section>
          <h4 className="font-medium text-slate-900">{t("textsChanged")}</h4>
          <ul className="mt-1 space-y-2">
            {d.textsChanged.map((c) => (
              <li key={`${c.nodeId}-${c.field}`} className="rounded-lg p-2 ring-1 ring-slate-200">
                <p className="text-xs text-slate-500">{c.label}</p>
                <p className="mt-1 text-slate-500 line-through" aria-label={t("before")}>
                  {c.before}
                </p>
                <p className="text-slate-900" aria-label={t("after")}>
                  {c.after}
                </p>
              </li>
            ))}
          </ul>
        </section>
      )}
      {d.settingsChanged.length > 0 && (
        <section>
          <h4 className="font-medium text-slate-900">{t("settingsChanged")}</h4>
          <ul className="mt-1 list-disc pl-5 text-slate-700">
            {d.settingsChanged.map((s) => (
              <li key={s.nodeId}>{s.label}</li>
            ))}
          </ul>
        </section>
      )}
      {(d.connectionsAdded > 0 || d.connectionsRemoved > 0) && (
        <p className="text-slate-700">{t("connections", { added: d.connectionsAdded, removed: d.connectionsRemoved })}</p>
      )}
      {d.flowSettingsChanged && <p className="text-slate-700">{t("flowSettings")}</p>}
    </div>
  );
}
