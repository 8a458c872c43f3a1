"use client";
import { useTranslations } from "next-intl";
import { useCallback, useMemo } from "react";
import { hasInput, outputsOfNode } from "@/components/editor/model/edits";
import type { CanvasNode } from "@/components/editor/model/types";
import { useEditor, useEditorActions } from "@/components/editor/store/EditorStoreProvider";
import type { EditorState } from "@/components/editor/store/editorStore";
import { outputLabel } from "@/components/nodes/outputLabels";
import { summaryOf } from "@/components/nodes/stepMeta";
import { Select } from "./fields";

const SEPARATOR = "\u0001";

/**
 * The steps one may connect to, as one string, so the form re-renders when a
 * step is added, removed or retitled, not on every drag frame.
 */
const selectTargets = (s: EditorState) =>
  s.history.present.nodes
    .filter((n) => hasInput(n))
    .map((n) => [n.id, n.type, summaryOf(n.type ?? "", n.data).slice(0, 40)].join(SEPARATOR))
    .join("\n");

/**
 * Where each output of the step leads, as drop-downs: connecting without a
 * mouse, and a plain list of what follows for anyone who prefers reading.
 */
export function OutputConnections({ node, disabled }: { node: Pick<CanvasNode, "id" | "type" | "data">; disabled: boolean }) {
  const t = useTranslations("editor");
  const { setOutputTarget } = useEditorActions();
  const targetsKey = useEditor(selectTargets);
  const wiringKey = useEditor(
    useCallback(
      (s: EditorState) =>
        s.history.present.edges
          .filter((e) => e.source === node.id)
          .map((e) => `${e.sourceHandle}${SEPARATOR}${e.target}`)
          .join("\n"),
      [node.id],
    ),
  );
  const options = useMemo(
    () =>
      targetsKey
        .split("\n")
        .filter(Boolean)
        .map((line) => line.split(SEPARATOR))
        .filter(([id]) => id !== node.id)
        .map(([id, type, summary]) => ({ value: id, label: summary ? `${t(`types.${type}`)}: ${summary}` : t(`types.${type}`) })),
    [targetsKey, node.id, t],
  );
  const wiring = useMemo(() => new Map(wiringKey.split("\n").filter(Boolean).map((line) => line.split(SEPARATOR) as [string, string])), [wiringKey]);
  const outputs = outputsOfNode(node as CanvasNode);
  if (outputs.length === 0) return null;

  return (
    <fieldset className="flex flex-col gap-2 border-t border-slate-200 pt-3" data-testid="output-connections">
      <legend className="text-xs font-semibold text-slate-700">{t("connections")}</legend>
      {outputs.map((handle) => (
        <Select
          key={handle}
          label={outputLabel(node.type ?? "", node.data, handle, t)}
          disabled={disabled}
          value={wiring.get(handle) ?? ""}
          options={[{ value: "", label: t("notConnected") }, ...options]}
          onChange={(target) => setOutputTarget(node.id, handle, target || null)}
        />
      ))}
    </fieldset>
  );
}
