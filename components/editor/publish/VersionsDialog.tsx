"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import { toast } from "@/components/ui/toast";
import { useTRPC } from "@/components/providers/trpc";
import { Alert } from "@/components/ui/Alert";
import { Button } from "@/components/ui/Button";
import { Dialog } from "@/components/ui/Dialog";
import { useDescribeError } from "@/components/ui/errorMessage";
import { useEditor, useEditorStoreApi } from "../store/EditorStoreProvider";
import type { EditorState } from "../store/editorStore";
import { explainSaveError } from "../store/useAutosave";
import { VersionDiffView } from "./VersionDiffView";
import { restoreIntoEditor } from "./restoreIntoEditor";

const selectIds = (s: EditorState) => `${s.workspaceSlug}\u0000${s.flowId}`;
const selectCanEdit = (s: EditorState) => s.canEdit;

type Comparison = { from: number; to: number | "draft" };

/** The published versions: compare two, or one with the draft; editors restore one into the draft. */
export function VersionsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useTranslations("versions");
  const format = useFormatter();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const describeError = useDescribeError();
  const store = useEditorStoreApi();
  const [workspaceSlug, flowId] = useEditor(selectIds).split("\u0000");
  const canEdit = useEditor(selectCanEdit);
  const versions = useQuery({ ...trpc.flows.versions.queryOptions({ workspaceSlug, flowId }), enabled: open });
  const restore = useMutation(trpc.flows.restoreVersion.mutationOptions());
  const [comparison, setComparison] = useState<Comparison | null>(null);
  const [confirming, setConfirming] = useState<number | null>(null);

  function close() {
    setComparison(null);
    setConfirming(null);
    onClose();
  }

  async function restoreVersion(number: number) {
    try {
      const outcome = await restoreIntoEditor(store, number, {
        restore: (request) => restore.mutateAsync(request),
        explain: explainSaveError,
      });
      if (outcome === "restored") {
        void queryClient.invalidateQueries({ queryKey: trpc.flows.get.pathKey() });
        toast.success(t("restored", { number }));
      }
      // On a conflict the editor's conflict choice opens, as after a save's.
      close();
    } catch (error) {
      toast.error(describeError(error));
    }
  }

  const list = versions.data ?? [];
  return (
    <Dialog open={open} onClose={close} title={t("title")} size="lg">
      {comparison ? (
        <div className="space-y-3">
          <h3 className="text-sm font-semibold text-slate-900">
            {comparison.to === "draft"
              ? t("diffTitleDraft", { from: comparison.from })
              : t("diffTitle", { from: comparison.from, to: comparison.to })}
          </h3>
          <VersionDiffView workspaceSlug={workspaceSlug} flowId={flowId} from={comparison.from} to={comparison.to} />
          <div className="flex justify-end">
            <Button variant="secondary" onClick={() => setComparison(null)}>
              {t("back")}
            </Button>
          </div>
        </div>
      ) : versions.isPending ? (
        <p className="text-sm text-slate-600">{t("loading")}</p>
      ) : versions.isError ? (
        <Alert>{describeError(versions.error)}</Alert>
      ) : list.length === 0 ? (
        <p className="text-sm text-slate-600">{t("empty")}</p>
      ) : (
        <ol className="max-h-[60vh] divide-y divide-slate-100 overflow-y-auto" data-testid="versions-list">
          {list.map((version, index) => (
            <li key={version.number} className="py-3 text-sm">
              <div className="flex flex-wrap items-center gap-2">
                <span className="font-semibold text-slate-900">{t("version", { number: version.number })}</span>
                {index === 0 && (
                  <span className="rounded-full bg-emerald-50 px-2 py-0.5 text-xs font-medium text-emerald-700 ring-1 ring-emerald-200">
                    {t("live")}
                  </span>
                )}
                {version.warningCount > 0 && (
                  <span className="text-xs text-amber-700">{t("warnings", { count: version.warningCount })}</span>
                )}
                <span className="text-slate-500">
                  {t("by", {
                    date: format.dateTime(version.createdAt, { dateStyle: "medium", timeStyle: "short" }),
                    name: version.authorName ?? "—",
                  })}
                </span>
                <code className="text-xs text-slate-400" title={version.contentHash}>
                  {version.contentHash.slice(0, 10)}
                </code>
              </div>
              {confirming === version.number ? (
                <div className="mt-2 space-y-2 rounded-lg bg-amber-50 p-3 ring-1 ring-amber-200">
                  <p>{t("restoreConfirm", { number: version.number })}</p>
                  <div className="flex gap-2">
                    <Button size="sm" onClick={() => void restoreVersion(version.number)} busy={restore.isPending}>
                      {t("restoreYes")}
                    </Button>
                    <Button size="sm" variant="secondary" onClick={() => setConfirming(null)}>
                      {t("back")}
                    </Button>
                  </div>
                </div>
              ) : (
                <div className="mt-2 flex flex-wrap gap-2">
                  <Button size="sm" variant="secondary" onClick={() => setComparison({ from: version.number, to: "draft" })}>
                    {t("compareDraft")}
                  </Button>
                  {list[index + 1] && (
                    <Button
                      size="sm"
                      variant="secondary"
                      onClick={() => setComparison({ from: list[index + 1].number, to: version.number })}
                    >
                      {t("comparePrevious", { number: list[index + 1].number })}
                    </Button>
                  )}
                  {canEdit && (
                    <Button size="sm" variant="ghost" onClick={() => setConfirming(version.number)}>
                      {t("restore")}
                    </Button>
                  )}
                </div>
              )}
            </li>
          ))}
        </ol>
      )}
    </Dialog>
  );
}
