"use client";
import { useTranslations } from "next-intl";
import { useMemo } from "react";
import { outputsOfNode } from "@/components/editor/model/edits";
import type { CanvasEdge, CanvasNode } from "@/components/editor/model/types";
import { outputLabel } from "@/components/editor/steps/outputLabels";
import { operatorWord, summaryOf } from "@/components/editor/steps/stepMeta";

const SUMMARY_CHARS = 80;

type Labeller = { node: (n: CanvasNode) => CanvasNode; edge: (e: CanvasEdge) => CanvasEdge; version: string };

/**
 * What screen readers say for steps and connections, in the UI language and with
 * the steps' titles rather than internal ids ("Verbindung von Einwilligung, Ja,
 * zu Frage"), instead of React Flow's English defaults. Labelled copies are cached
 * per object, so a step or connection that did not change keeps its identity and
 * the canvas does not redraw it.
 */
export function useSpokenLabels(nodes: readonly CanvasNode[]): Labeller {
  const t = useTranslations("editor");
  const tSteps = useTranslations("steps");
  const stepName = (n: CanvasNode) => {
    if (n.type === "note") return tSteps("types.note");
    const title = typeof n.data.title === "string" && n.data.title ? n.data.title : tSteps(`types.${n.type}`);
    return title;
  };
  const names = new Map<string, string>();
  const labels = new Map<string, string>();
  for (const n of nodes) {
    const name = stepName(n);
    names.set(n.id, name);
    const summary =
      n.type === "note" ? "" : n.type === "start" ? t(`triggers.${String(n.data.trigger)}`) : summaryOf(n, (o) => operatorWord(o, t));
    const short = summary.length > SUMMARY_CHARS ? `${summary.slice(0, SUMMARY_CHARS)}…` : summary;
    labels.set(n.id, short ? t("a11y.stepLabel", { name, summary: short }) : name);
  }
  // Only a changed wording (not a moved step) makes new labelled copies.
  const outputNames = new Map<string, string>();
  for (const n of nodes) {
    if (n.type === "note") continue;
    for (const handle of outputsOfNode(n)) outputNames.set(`${n.id}\u0000${handle}`, outputLabel(n, handle, tSteps));
  }
  const version = [...labels, ...outputNames].map(([id, label]) => `${id}\u0000${label}`).join("\u0001");

  return useMemo<Labeller>(() => {
    const nodeCache = new WeakMap<CanvasNode, CanvasNode>();
    const edgeCache = new WeakMap<CanvasEdge, CanvasEdge>();
    const roleStep = t("a11y.stepRole");
    const roleEdge = t("a11y.edgeRole");
    return {
      version,
      node(n) {
        let labelled = nodeCache.get(n);
        if (!labelled) {
          labelled = { ...n, ariaLabel: labels.get(n.id) ?? n.id, domAttributes: { "aria-roledescription": roleStep } };
          nodeCache.set(n, labelled);
        }
        return labelled;
      },
      edge(e) {
        let labelled = edgeCache.get(e);
        if (!labelled) {
          const output = outputNames.get(`${e.source}\u0000${e.sourceHandle ?? ""}`) ?? "";
          labelled = {
            ...e,
            ariaLabel: t("a11y.edgeLabel", { from: names.get(e.source) ?? "", output, to: names.get(e.target) ?? "" }),
            domAttributes: { "aria-roledescription": roleEdge },
          };
          edgeCache.set(e, labelled);
        }
        return labelled;
      },
    };
    // `labels`, `names` and `outputNames` are captured with `version`, which changes whenever they do.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [version, t]);
}
