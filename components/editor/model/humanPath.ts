import type { AutofixInsertion, Diagnostic } from "@/core/compliance";
import { defaultTexts } from "@/core/flow/defaultTexts";
import { addNode, connect } from "./edits";
import { createStep, freshId } from "./newStep";
import { freeSpot } from "./placement";
import { readingOrder } from "./readingOrder";
import type { CanvasNode, EditorGraph, XY } from "./types";

/** Room between a step and the one the fix places beside or below it. */
const RIGHT = 300;
const DOWN = 170;

/** Adds `node` at the nearest free spot at or below where it stands. */
function placed(graph: EditorGraph, node: CanvasNode): { graph: EditorGraph; node: CanvasNode } {
  const free = { ...node, position: freeSpot(graph, node.position) };
  return { graph: addNode(graph, free), node: free };
}

export type HumanPath = { graph: EditorGraph; inserted: AutofixInsertion[]; handoffId: string };

/**
 * The one-click fix for `channel.humanPath` (WhatsApp: people can always reach a person):
 * the first choice people reach gets an option "Persönlich sprechen" leading to a
 * handoff; a flow without a choice asks before its first ending whether the person
 * wants to talk to someone ("No, thanks" ends as before). After the handoff the
 * conversation ends without a further bot message, so no re-disclosure is needed.
 * Texts follow the flow's language and form of address. Null when no start reaches
 * a choice or an ending.
 */
export function addHumanPath(graph: EditorGraph): HumanPath | null {
  const texts = defaultTexts(graph.meta.locale, graph.meta.settings.formality);
  const reading = readingOrder(graph);
  // The steps a start reaches, in reading order.
  const order = reading.nodeIds.slice(0, reading.reached);
  const reached = new Set(order);
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const context = { locale: graph.meta.locale, company: "", meta: graph.meta, nodes: graph.nodes };
  const choice = order.map((id) => byId.get(id)!).find((n) => n.type === "choice");

  let next = { ...graph, nodes: graph.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)) };
  let asker: CanvasNode;
  let handle: string;
  const inserted: AutofixInsertion[] = [];
  const reason: Diagnostic = { rule: "channel.humanPath", severity: "warning", nodeId: null, params: {} };
  if (choice && choice.type === "choice") {
    const taken = new Set(choice.data.options.map((o) => o.id));
    handle = freshId("option-person", taken);
    const extended = { ...choice, data: { ...choice.data, options: [...choice.data.options, { id: handle, label: texts.talkToPerson }] } };
    next = { ...next, nodes: next.nodes.map((n) => (n.id === choice.id ? extended : n)) };
    asker = extended;
  } else {
    const ending = order.map((id) => byId.get(id)!).find((n) => n.type === "end");
    const into = ending && graph.edges.find((e) => e.target === ending.id && reached.has(e.source));
    if (!ending || !into) return null;
    const question = createStep("choice", ending.position, { ...context, nodes: next.nodes });
    const stay = "option-no";
    handle = "option-person";
    const data = {
      text: texts.talkToPersonQuestion,
      options: [
        { id: handle, label: texts.talkToPerson },
        { id: stay, label: texts.declineLabel },
      ],
    };
    // The question takes the ending's place; the ending moves down to follow its "no".
    next = {
      ...next,
      nodes: [
        ...next.nodes.map((n) => (n.id === ending.id ? { ...n, position: { x: n.position.x, y: n.position.y + DOWN } } : n)),
        { ...question, data },
      ],
      edges: next.edges.map((e) => (e.id === into.id ? { ...e, target: question.id } : e)),
    };
    next = connect(next, { source: question.id, sourceHandle: stay, target: ending.id });
    asker = next.nodes.find((n) => n.id === question.id)!;
    inserted.push({ nodeId: question.id, type: "choice", rule: reason.rule, beforeNodeId: ending.id, reason });
  }

  const beside: XY = { x: asker.position.x + RIGHT, y: asker.position.y + DOWN };
  const handoff = placed(next, createStep("handoff", beside, { ...context, nodes: next.nodes }));
  next = handoff.graph;
  // An ending without text: after the team, the bot says nothing more.
  const below: XY = { x: handoff.node.position.x, y: handoff.node.position.y + DOWN };
  const end = placed(next, { ...createStep("end", below, { ...context, nodes: next.nodes }), data: {} });
  next = end.graph;
  next = connect(next, { source: asker.id, sourceHandle: handle, target: handoff.node.id });
  next = connect(next, { source: handoff.node.id, sourceHandle: "next", target: end.node.id });
  next = { ...next, nodes: next.nodes.map((n) => (n.id === handoff.node.id ? { ...n, selected: true } : n)) };
  inserted.push({ nodeId: handoff.node.id, type: "handoff", rule: reason.rule, beforeNodeId: end.node.id, reason });
  return { graph: next, inserted, handoffId: handoff.node.id };
}
