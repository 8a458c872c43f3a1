"use client";
import { useTranslations } from "next-intl";
import { useMemo } from "react";
import { hasInput, outputsOfNode } from "@/components/editor/model/edits";
import { NOTE_TYPE, type StepContent } from "@/components/editor/model/types";
import { useEditor, useEditorActions, useEditorStoreApi } from "@/components/editor/store/EditorStoreProvider";
import type { EditorState } from "@/components/editor/store/editorStore";
import { outputLabel } from "@/components/editor/steps/outputLabels";
import { summaryOf } from "@/components/editor/steps/stepMeta";
import { Select } from "./fields";

/** Changes with every edit of steps or connections, but not while a step is dragged. */
const selectContentRevision = (s: EditorState) => s.contentRevision;

/**
 * Where each output of the step leads, as drop-downs: connecting without a
 * mouse, and a plain list of what follows for anyone who prefers reading.
 */
export function OutputConnections({ nodeId, step, disabled }: { nodeId: string; step: StepContent; disabled: boolean }) {
  const t = useTranslations("editor");
  const tSteps = useTranslations("steps");
  const { setOutputTarget } = useEditorActions();
  const store = useEditorStoreApi();
  const contentRevision = useEditor(selectContentRevision);
  // Read from the store when the content changes, not on every drag frame.
  const { options, wiring } = useMemo(() => {
    const { nodes, edges } = store.getState().history.present;
    return {
      options: nodes
        .filter((n) => n.type !== NOTE_TYPE && hasInput(n) && n.id !== nodeId)
        .map((n) => {
          const summary = n.type === NOTE_TYPE ? "" : summaryOf(n).slice(0, 40);
          const type = tSteps(`types.${n.type}`);
          return { value: n.id, label: summary ? `${type}: ${summary}` : type };
        }),
      wiring: new Map(edges.filter((e) => e.source === nodeId).map((e) => [e.sourceHandle ?? "", e.target])),
    };
    // contentRevision stands for the graph's content.
  }, [contentRevision, nodeId, store, tSteps]);
  const outputs = outputsOfNode(step);
  if (outputs.length === 0) return null;

  return (
    <fieldset className="flex flex-col gap-2 border-t border-slate-200 pt-3" data-testid="output-connections">
      <legend className="text-xs font-semibold text-slate-700">{t("connections")}</legend>
      {outputs.map((handle) => (
        <Select
          key={handle}
          label={outputLabel(step, handle, tSteps)}
          disabled={disabled}
          value={wiring.get(handle) ?? ""}
          options={[{ value: "", label: t("notConnected") }, ...options]}
          onChange={(target) => setOutputTarget(nodeId, handle, target || null)}
        />
      ))}
    </fieldset>
  );
}
