import { describeStep } from "./labels";
import type { FlowDocument, FlowNode, Locale } from "./schema";
import { textsOf } from "./steps";

/** One step as a diff names it. */
export interface DiffStep {
  nodeId: string;
  type: FlowNode["type"];
  /** The step in a sentence (type, short quote, id), in the newer document's locale. */
  label: string;
}

export interface TextChange extends DiffStep {
  /** e.g. `text`, `withdrawalHint`, `options[2].label`, `acceptLabel`. */
  field: string;
  before: string;
  after: string;
}

/** What changed between two flow documents, for a marketer comparing versions. */
export interface DocumentDiff {
  added: DiffStep[];
  removed: DiffStep[];
  textsChanged: TextChange[];
  /** Steps whose settings changed other than texts (purposes, variable, url …). */
  settingsChanged: DiffStep[];
  connectionsAdded: number;
  connectionsRemoved: number;
  /** Name, channels, purposes or opt-out settings changed. */
  flowSettingsChanged: boolean;
}

/** Every text a step shows, including button labels, keyed by field. */
function labelledTexts(node: FlowNode): Map<string, string> {
  const texts = new Map(textsOf(node).map(({ field, text }) => [field, text]));
  if (node.type === "consent") {
    texts.set("acceptLabel", node.data.acceptLabel);
    texts.set("declineLabel", node.data.declineLabel);
  }
  if (node.type === "choice") node.data.options.forEach((option) => texts.set(`options.${option.id}.label`, option.label));
  return texts;
}

/** The node's data without its texts, to tell setting changes from text edits. */
function settingsOf(node: FlowNode): string {
  const data: Record<string, unknown> = { ...node.data };
  for (const key of ["text", "notice", "resumeText", "withdrawalHint", "acceptLabel", "declineLabel"]) delete data[key];
  if (node.type === "choice") data.options = node.data.options.map((option) => option.id);
  return JSON.stringify(data, Object.keys(data).sort());
}

const edgeKey = (edge: { source: string; sourceHandle: string; target: string }) =>
  `${edge.source}\u0000${edge.sourceHandle}\u0000${edge.target}`;

/** Compares two documents step by step (by node id); positions on the canvas are ignored. */
export function diffDocuments(before: FlowDocument, after: FlowDocument, locale: Locale = after.locale): DocumentDiff {
  const step = (node: FlowNode): DiffStep => ({ nodeId: node.id, type: node.type, label: describeStep(node, locale) });
  const old = new Map(before.nodes.map((node) => [node.id, node]));
  const now = new Map(after.nodes.map((node) => [node.id, node]));
  const diff: DocumentDiff = {
    added: after.nodes.filter((node) => !old.has(node.id)).map(step),
    removed: before.nodes.filter((node) => !now.has(node.id)).map(step),
    textsChanged: [],
    settingsChanged: [],
    connectionsAdded: 0,
    connectionsRemoved: 0,
    flowSettingsChanged: false,
  };
  for (const node of after.nodes) {
    const previous = old.get(node.id);
    if (!previous) continue;
    if (previous.type !== node.type) {
      diff.removed.push(step(previous));
      diff.added.push(step(node));
      continue;
    }
    const a = labelledTexts(previous);
    const b = labelledTexts(node);
    for (const field of new Set([...a.keys(), ...b.keys()])) {
      const was = a.get(field) ?? "";
      const is = b.get(field) ?? "";
      if (was !== is) diff.textsChanged.push({ ...step(node), field, before: was, after: is });
    }
    if (settingsOf(previous) !== settingsOf(node)) diff.settingsChanged.push(step(node));
  }
  const oldEdges = new Set(before.edges.map(edgeKey));
  const newEdges = new Set(after.edges.map(edgeKey));
  for (const key of newEdges) if (!oldEdges.has(key)) diff.connectionsAdded++;
  for (const key of oldEdges) if (!newEdges.has(key)) diff.connectionsRemoved++;
  const flowPart = (d: FlowDocument) => JSON.stringify([d.name, d.locale, d.channels, d.purposes, d.settings]);
  diff.flowSettingsChanged = flowPart(before) !== flowPart(after);
  return diff;
}
