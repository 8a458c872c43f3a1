"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useState } from "react";
import { toast } from "@/components/ui/toast";
import { useTRPC } from "@/components/providers/trpc";
import { Alert } from "@/components/ui/Alert";
import { Button } from "@/components/ui/Button";
import { Dialog } from "@/components/ui/Dialog";
import { appErrorData, useDescribeError } from "@/components/ui/errorMessage";
import { formatDiagnostic, type Diagnostic } from "@/core/compliance";
import { isLocale } from "@/i18n/config";
import { useEditor, useEditorStoreApi } from "../store/EditorStoreProvider";
import type { EditorState } from "../store/editorStore";
import { waitUntilSaved } from "./waitUntilSaved";

const selectErrorCount = (s: EditorState) => s.diagnostics.filter((d) => d.severity === "error").length;
const SHOWN = 6;

/** Confirms, waits for the autosave, publishes; a refusal lists the problems here and in the checks panel. */
export function PublishDialog({ open, onClose, onShowDiagnostics }: { open: boolean; onClose: () => void; onShowDiagnostics: () => void }) {
  const t = useTranslations("publish");
  const uiLocale = useLocale();
  const locale = isLocale(uiLocale) ? uiLocale : "en";
  const store = useEditorStoreApi();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const describeError = useDescribeError();
  const errorCount = useEditor(selectErrorCount);
  const publish = useMutation(trpc.flows.publish.mutationOptions());
  const [phase, setPhase] = useState<"idle" | "saving" | "publishing">("idle");
  const [refused, setRefused] = useState<Diagnostic[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  function close() {
    setRefused(null);
    setProblem(null);
    setPhase("idle");
    onClose();
  }

  async function run() {
    setRefused(null);
    setProblem(null);
    setPhase("saving");
    const status = await waitUntilSaved(store);
    if (status !== "saved") {
      setProblem(t("notSaved"));
      setPhase("idle");
      return;
    }
    setPhase("publishing");
    const state = store.getState();
    try {
      const result = await publish.mutateAsync({
        workspaceSlug: state.workspaceSlug,
        flowId: state.flowId,
        expectedVersion: state.serverVersion,
      });
      void queryClient.invalidateQueries({ queryKey: trpc.flows.versions.pathKey() });
      store.setState({ publishedVersion: result.number });
      toast.success(result.unchanged ? t("unchanged", { number: result.number }) : t("published", { number: result.number }));
      close();
    } catch (error) {
      const data = appErrorData(error);
      const diagnostics = (data?.details as { diagnostics?: Diagnostic[] } | null)?.diagnostics;
      if (data?.appCode === "COMPLIANCE_ERRORS" && diagnostics) {
        // The server checked with the current legal settings: its answer is the truth to show.
        store.getState().setDiagnostics(diagnostics, store.getState().contentRevision);
        setRefused(diagnostics.filter((d) => d.severity === "error"));
      } else setProblem(describeError(error));
      setPhase("idle");
    }
  }

  return (
    <Dialog open={open} onClose={close} title={refused ? t("refusedTitle") : t("title")}>
      {refused ? (
        <div className="space-y-3 text-sm text-slate-700" data-testid="publish-refused">
          <p>{t("refusedText", { count: refused.length })}</p>
          <ul className="list-disc space-y-1 pl-5">
            {refused.slice(0, SHOWN).map((d, i) => (
              <li key={`${d.rule}-${d.nodeId}-${i}`}>{formatDiagnostic(d, locale)}</li>
            ))}
          </ul>
          {refused.length > SHOWN && <p>{t("more", { count: refused.length - SHOWN })}</p>}
          <div className="flex justify-end gap-2 pt-2">
            <Button variant="secondary" onClick={close}>
              {t("cancel")}
            </Button>
            <Button
              onClick={() => {
                onShowDiagnostics();
                close();
              }}
            >
              {t("showChecks")}
            </Button>
          </div>
        </div>
      ) : (
        <div className="space-y-3 text-sm text-slate-700">
          <p>{t("intro")}</p>
          {errorCount > 0 && <Alert tone="error">{t("errorsWarning", { count: errorCount })}</Alert>}
          {problem && <Alert tone="error">{problem}</Alert>}
          {phase === "saving" && <p role="status">{t("saving")}</p>}
          <div className="flex justify-end gap-2 pt-2">
            <Button variant="secondary" onClick={close}>
              {t("cancel")}
            </Button>
            <Button onClick={() => void run()} busy={phase !== "idle"}>
              {t("confirm")}
            </Button>
          </div>
        </div>
      )}
    </Dialog>
  );
}
