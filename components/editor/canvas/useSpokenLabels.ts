"use client";
import { useTranslations } from "next-intl";
import { useMemo } from "react";
import { outputsOfNode } from "@/components/editor/model/edits";
import type { CanvasEdge, CanvasNode } from "@/components/editor/model/types";
import { outputLabel, stepName } from "@/components/editor/steps/outputLabels";
import { operatorWord, summaryOf } from "@/components/editor/steps/stepMeta";

const SUMMARY_CHARS = 80;

type Labeller = { node: (n: CanvasNode) => CanvasNode; edge: (e: CanvasEdge) => CanvasEdge; version: string };

/** What is said for one step: its name, its label, the names of its outputs. */
type Words = { serial: number; id: string; type: string; name: string; label: string; outputs: ReadonlyMap<string, string> };

/**
 * What screen readers say for steps and connections, in the UI language and with
 * the steps' titles rather than internal ids ("Verbindung von Einwilligung, Ja,
 * zu Frage"), instead of React Flow's English defaults. Labelled copies are cached
 * per object, so a step or connection that did not change keeps its identity and
 * the canvas does not redraw it.
 *
 * A step's words are worded once per data object: a drag moves a step (a new node
 * object every frame) without touching its data, so a frame of a drag words nothing,
 * however many steps the flow has, and the labeller keeps its identity.
 */
export function useSpokenLabels(nodes: readonly CanvasNode[]): Labeller {
  const t = useTranslations("editor");
  const tSteps = useTranslations("steps");

  const wordsOf = useMemo(() => createWording(t, tSteps), [t, tSteps]);

  const words = nodes.map(wordsOf);
  // Changes only when some step's words (or the set of steps) changed, not when a step moved.
  const version = words.map((w) => w.serial).join(",");

  return useMemo<Labeller>(() => {
    const byId = new Map(words.map((w) => [w.id, w]));
    const nodeCache = new WeakMap<CanvasNode, CanvasNode>();
    const edgeCache = new WeakMap<CanvasEdge, CanvasEdge>();
    const roleStep = t("a11y.stepRole");
    const roleEdge = t("a11y.edgeRole");
    return {
      version,
      node(n) {
        let labelled = nodeCache.get(n);
        if (!labelled) {
          labelled = { ...n, ariaLabel: byId.get(n.id)?.label ?? n.id, domAttributes: { "aria-roledescription": roleStep } };
          nodeCache.set(n, labelled);
        }
        return labelled;
      },
      edge(e) {
        let labelled = edgeCache.get(e);
        if (!labelled) {
          const from = byId.get(e.source);
          const output = from?.outputs.get(e.sourceHandle ?? "") ?? "";
          labelled = {
            ...e,
            ariaLabel: t("a11y.edgeLabel", { from: from?.name ?? "", output, to: byId.get(e.target)?.name ?? "" }),
            domAttributes: { "aria-roledescription": roleEdge },
          };
          edgeCache.set(e, labelled);
        }
        return labelled;
      },
    };
    // `words` is captured with `version`, which changes whenever any of them does.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [version, t]);
}

type Translate = ReturnType<typeof useTranslations<"editor">>;
type TranslateSteps = ReturnType<typeof useTranslations<"steps">>;

/** Words steps, each once per data object (see useSpokenLabels). */
function createWording(t: Translate, tSteps: TranslateSteps): (n: CanvasNode) => Words {
  const cache = new WeakMap<object, Words>();
  let serial = 0;
  return (n: CanvasNode): Words => {
    const cached = cache.get(n.data);
    // The same data under another id or type (a copied step) is worded for that step.
    if (cached && cached.id === n.id && cached.type === n.type) return cached;
    const name = stepName(n, tSteps);
    const summary =
      n.type === "note" ? "" : n.type === "start" ? t(`triggers.${String(n.data.trigger)}`) : summaryOf(n, (o) => operatorWord(o, t));
    const short = summary.length > SUMMARY_CHARS ? `${summary.slice(0, SUMMARY_CHARS)}…` : summary;
    const outputs = new Map<string, string>();
    if (n.type !== "note") for (const handle of outputsOfNode(n)) outputs.set(handle, outputLabel(n, handle, tSteps));
    const words: Words = {
      serial: ++serial,
      id: n.id,
      type: n.type,
      name,
      label: short ? t("a11y.stepLabel", { name, summary: short }) : name,
      outputs,
    };
    cache.set(n.data, words);
    return words;
  };
}
