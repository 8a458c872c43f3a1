"use client";
import { useTranslations } from "next-intl";
import { useMemo } from "react";
import { hasInput, outputsOfNode } from "@/components/editor/model/edits";
import { NOTE_TYPE, type StepContent } from "@/components/editor/model/types";
import { useShallow } from "zustand/react/shallow";
import { useEditor, useEditorActions } from "@/components/editor/store/EditorStoreProvider";
import { selectNodeContents } from "@/components/editor/store/nodeContents";
import type { EditorState } from "@/components/editor/store/editorStore";
import { outputLabel } from "@/components/editor/steps/outputLabels";
import { summaryOf } from "@/components/editor/steps/stepMeta";
import { selectCompanyName } from "@/components/editor/steps/companyName";
import { fillCompany } from "@/core/flow/defaultTexts";
import { Select } from "./fields";

/** The same array while steps are dragged (a drag changes nodes only). */
const selectEdges = (s: EditorState) => s.history.present.edges;

/**
 * Where each output of the step leads, as drop-downs: connecting without a
 * mouse, and a plain list of what follows for anyone who prefers reading.
 */
export function OutputConnections({ nodeId, step, disabled }: { nodeId: string; step: StepContent; disabled: boolean }) {
  const t = useTranslations("editor");
  const tSteps = useTranslations("steps");
  const { setOutputTarget } = useEditorActions();
  // Both stay the same objects during a drag, so the lists are rebuilt on edits only.
  const nodes = useEditor(useShallow(selectNodeContents));
  const edges = useEditor(selectEdges);
  const company = useEditor(selectCompanyName);
  const { options, wiring } = useMemo(() => {
    return {
      options: nodes
        .filter((n) => n.type !== NOTE_TYPE && hasInput(n) && n.id !== nodeId)
        .map((n) => {
          // As on the canvas: the company's name, not the {company} the text keeps for the export.
          const summary = n.type === NOTE_TYPE ? "" : fillCompany(summaryOf(n), company).slice(0, 40);
          const type = tSteps(`types.${n.type}`);
          return { value: n.id, label: summary ? `${type}: ${summary}` : type };
        }),
      wiring: new Map(edges.filter((e) => e.source === nodeId).map((e) => [e.sourceHandle ?? "", e.target])),
    };
  }, [nodes, edges, nodeId, tSteps, company]);
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
