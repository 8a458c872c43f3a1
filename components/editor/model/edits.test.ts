import { describe, expect, it } from "vitest";
import { validate } from "@/core/compliance";
import { createFlowFromTemplate, parseFlowDocument } from "@/core/flow";
import { autoInsertAfterEdit } from "./autoInsert";
import { documentToGraph, graphToDocument } from "./document";
import { connect, connectionRefusal, copyNodes, insertOnEdge, pasteClipboard, setOutputTarget, updateNodeData } from "./edits";
import { guardedRemove } from "./guard";
import { createHistory, pushHistory, redo, undo } from "./history";
import { createStep, type PaletteType } from "./newStep";
import type { CanvasNode, EditorGraph } from "./types";

function template(id: "default" | "leadCapture" = "default"): EditorGraph {
  return documentToGraph(createFlowFromTemplate(id, { id: "flow-1", name: "Test", locale: "de", company: "Muster GmbH" }));
}

function ofType<T extends PaletteType>(graph: EditorGraph, type: T) {
  return graph.nodes.filter((n): n is Extract<CanvasNode, { type: T }> => n.type === type);
}

function newStep<T extends PaletteType>(graph: EditorGraph, type: T) {
  return createStep(type, { x: 0, y: 0 }, { locale: "de", company: "Muster GmbH", meta: graph.meta, nodes: graph.nodes });
}

describe("document round trip", () => {
  it("turns a template into canvas nodes and back without changing it", () => {
    const document = createFlowFromTemplate("leadCapture", { id: "f", name: "Leads", locale: "en" });
    const back = graphToDocument(documentToGraph(document));
    expect(back).toEqual({ ...document, notes: [] });
    expect(parseFlowDocument(back).ok).toBe(true);
  });
});

describe("insertOnEdge", () => {
  it("splits the edge: source → new step → old target, keeping the original edge id", () => {
    const graph = template();
    const consent = ofType(graph, "consent")[0];
    const acceptEdge = graph.edges.find((e) => e.source === consent.id && e.sourceHandle === "accept")!;
    const step = newStep(graph, "message");
    const next = insertOnEdge(graph, acceptEdge.id, step);
    expect(next.edges.find((e) => e.id === acceptEdge.id)).toMatchObject({ source: consent.id, target: step.id });
    expect(next.edges.find((e) => e.source === step.id)).toMatchObject({ sourceHandle: "next", target: acceptEdge.target });
    expect(graph.edges.find((e) => e.id === acceptEdge.id)!.target).toBe(acceptEdge.target); // input untouched
    expect(parseFlowDocument(graphToDocument(next)).ok).toBe(true);
  });
});

describe("connect", () => {
  it("refuses a second edge from one output and an edge to the same step", () => {
    const graph = template();
    const consent = ofType(graph, "consent")[0];
    const message = ofType(graph, "message")[0];
    expect(connectionRefusal(graph, { source: consent.id, sourceHandle: "accept", target: message.id })).toBe("outputTaken");
    expect(connectionRefusal(graph, { source: message.id, sourceHandle: "next", target: message.id })).toBe("selfLoop");
    const start = ofType(graph, "start")[0];
    expect(connectionRefusal(graph, { source: message.id, sourceHandle: "next", target: start.id })).toBe("noInput");
  });

  it("connects a free output", () => {
    const graph = template();
    const message = { ...newStep(graph, "message"), id: "hello" };
    const end = { ...newStep(graph, "end"), id: "bye" };
    const withSteps = { ...graph, nodes: [...graph.nodes, message, end] };
    expect(connectionRefusal(withSteps, { source: "hello", sourceHandle: "next", target: "bye" })).toBeNull();
    const next = connect(withSteps, { source: "hello", sourceHandle: null, target: "bye" });
    expect(next.edges).toHaveLength(withSteps.edges.length + 1);
    expect(next.edges.at(-1)).toMatchObject({ source: "hello", sourceHandle: "next", target: "bye" });
  });
});

describe("setOutputTarget", () => {
  it("points an output at another step, replacing its edge, and can unplug it", () => {
    const graph = template();
    const before = graph.edges.find((e) => e.source === "consent" && e.sourceHandle === "decline")!;
    const moved = setOutputTarget(graph, "consent", "decline", "end");
    const edge = moved.edges.find((e) => e.source === "consent" && e.sourceHandle === "decline")!;
    expect(edge).toMatchObject({ id: before.id, target: "end" });
    expect(moved.edges).toHaveLength(graph.edges.length);
    expect(setOutputTarget(moved, "consent", "decline", "end")).toBe(moved);
    const unplugged = setOutputTarget(moved, "consent", "decline", null);
    expect(unplugged.edges.some((e) => e.source === "consent" && e.sourceHandle === "decline")).toBe(false);
    const replugged = setOutputTarget(unplugged, "consent", "decline", "end-declined");
    expect(parseFlowDocument(graphToDocument(replugged)).ok).toBe(true);
  });
});

describe("guardedRemove", () => {
  it.each(["botDisclosure", "privacyNotice", "consent"] as const)(
    "refuses to delete a %s the steps after it need, and says why",
    (type) => {
      const graph = template("leadCapture");
      const step = ofType(graph, type)[0];
      const result = guardedRemove(graph, new Set([step.id]), new Set());
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.blockingNodeId).toBe(step.id);
        expect(result.reason.length).toBeGreaterThan(10);
      }
    },
  );

  it("deletes ordinary steps and their edges", () => {
    const graph = template("leadCapture");
    const webhook = ofType(graph, "webhook")[0];
    const result = guardedRemove(graph, new Set([webhook.id]), new Set());
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.graph.nodes.some((n) => n.id === webhook.id)).toBe(false);
      expect(result.graph.edges.some((e) => e.source === webhook.id || e.target === webhook.id)).toBe(false);
    }
  });

  it("allows deleting a compliance step nothing depends on", () => {
    const graph = template();
    const extra = newStep(graph, "botDisclosure");
    const withExtra = { ...graph, nodes: [...graph.nodes, extra] };
    expect(guardedRemove(withExtra, new Set([extra.id]), new Set()).ok).toBe(true);
  });
});

describe("paste", () => {
  it("gives pasted steps and edges fresh ids and renames duplicate variables", () => {
    const graph = template("leadCapture");
    const inputs = ofType(graph, "input");
    const ids = new Set(inputs.map((n) => n.id));
    const clipboard = copyNodes(graph, ids);
    const { graph: next, pastedIds } = pasteClipboard(graph, clipboard, { x: 40, y: 40 });
    expect(pastedIds).toHaveLength(inputs.length);
    for (const id of pastedIds) expect(ids.has(id)).toBe(false);
    const allIds = next.nodes.map((n) => n.id);
    expect(new Set(allIds).size).toBe(allIds.length);
    const edgeIds = next.edges.map((e) => e.id);
    expect(new Set(edgeIds).size).toBe(edgeIds.length);
    const variables = ofType(next, "input").map((n) => n.data.variable);
    expect(new Set(variables).size).toBe(variables.length);
    expect(parseFlowDocument(graphToDocument(next)).ok).toBe(true);
  });
});

describe("updateNodeData", () => {
  it("drops edges of a removed choice option so the document stays valid", () => {
    const graph = template();
    const choice = { ...newStep(graph, "choice"), id: "pick" };
    const end = { ...newStep(graph, "end"), id: "bye" };
    let next: EditorGraph = { ...graph, nodes: [...graph.nodes, choice, end] };
    next = connect(next, { source: "pick", sourceHandle: "option-2", target: "bye" });
    const options = choice.data.options.filter((o) => o.id !== "option-2");
    next = updateNodeData(next, "pick", { type: "choice", data: { ...choice.data, options } });
    expect(next.edges.some((e) => e.source === "pick")).toBe(false);
    expect(parseFlowDocument(graphToDocument(next)).ok).toBe(true);
  });

  it("leaves the graph as it is when the data names another step type", () => {
    const graph = template();
    const welcome = ofType(graph, "message")[0];
    const next = updateNodeData(graph, welcome.id, { type: "delay", data: { seconds: 3 } });
    expect(next).toBe(graph);
    expect(next.nodes.find((n) => n.id === welcome.id)).toBe(welcome);
  });
});

describe("autoInsertAfterEdit", () => {
  it("inserts a consent when a new email question is connected after the greeting", () => {
    const graph = template();
    const privacy = ofType(graph, "privacyNotice")[0];
    const consent = ofType(graph, "consent")[0];
    // Where a drop on the line puts it: in the consent's place (the consent moves down).
    const below = { ...consent.position };
    const ask = {
      ...newStep(graph, "input"),
      id: "ask-email",
      position: below,
      data: { ...newStep(graph, "input").data, purpose: "marketing" },
    };
    // Insert the question between the privacy notice and the consent.
    const edge = graph.edges.find((e) => e.source === privacy.id && e.target === consent.id)!;
    const after = insertOnEdge(graph, edge.id, ask);
    const result = autoInsertAfterEdit(graph, after, "Muster GmbH");
    expect(result).not.toBeNull();
    expect(result!.inserted.map((i) => i.type)).toContain("consent");
    const errors = validate(graphToDocument(result!.graph)).filter((d) => d.severity === "error" && d.rule.startsWith("consent"));
    expect(errors).toEqual([]);
    // Steps above the insertion keep their objects (no needless re-render); the
    // inserted consent takes the question's place and the question moves down.
    expect(result!.graph.nodes.find((n) => n.id === privacy.id)).toBe(after.nodes.find((n) => n.id === privacy.id));
    const inserted = result!.graph.nodes.find((n) => n.id === result!.inserted[0].nodeId)!;
    expect(inserted.position).toEqual(below);
    expect(result!.graph.nodes.find((n) => n.id === "ask-email")!.position.y).toBeGreaterThan(below.y);
  });

  it("does nothing when the edit leaves every step covered", () => {
    const graph = template();
    const step = newStep(graph, "message");
    expect(autoInsertAfterEdit(graph, { ...graph, nodes: [...graph.nodes, step] })).toBeNull();
  });

  it("leaves a step the schema refuses to the save's report instead of failing in the rules", () => {
    const graph = template();
    const welcome = graph.nodes.find((n) => n.id === "welcome")!;
    // A text that is no string: what a broken client might send.
    const broken = { ...welcome, data: { ...welcome.data, text: 42 } } as unknown as typeof welcome;
    const after = { ...graph, nodes: graph.nodes.map((n) => (n.id === "welcome" ? broken : n)) };
    expect(() => autoInsertAfterEdit(graph, after)).not.toThrow();
    expect(autoInsertAfterEdit(graph, after)).toBeNull();
  });
});

describe("history", () => {
  it("undoes and redoes, skips no-ops and merges quick edits of one field", () => {
    let h = createHistory("a");
    h = pushHistory(h, "a");
    expect(h.past).toEqual([]);
    h = pushHistory(h, "ab", { mergeKey: "text", now: 1000 });
    h = pushHistory(h, "abc", { mergeKey: "text", now: 1500 });
    expect(h.past).toEqual(["a"]);
    h = pushHistory(h, "abcd", { mergeKey: "text", now: 5000 });
    expect(h.past).toEqual(["a", "abc"]);
    h = undo(h);
    expect(h.present).toBe("abc");
    h = undo(h);
    expect(h.present).toBe("a");
    h = redo(h);
    expect(h.present).toBe("abc");
    h = pushHistory(h, "x");
    expect(h.future).toEqual([]);
    expect(undo(createHistory("only")).present).toBe("only");
  });
});
