import { describe, expect, it } from "vitest";
import { formatParam } from "./messages";
import { parseFlowDocument } from "./parse";
import { createFlowFromTemplate } from "./templates";
import { outputsOf } from "./outputs";

const valid = () => JSON.parse(JSON.stringify(createFlowFromTemplate("leadCapture", { id: "f1", name: "Leads", locale: "de" })));
const nodeIndex = (doc: { nodes: { id: string }[] }, id: string) => doc.nodes.findIndex((node) => node.id === id);

describe("parseFlowDocument", () => {
  it("accepts a template and applies defaults (personalData defaults to true)", () => {
    const raw = valid();
    delete raw.nodes[nodeIndex(raw, "ask-email")].data.personalData;
    const result = parseFlowDocument(raw);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const email = result.document.nodes.find((node) => node.id === "ask-email");
    expect(email?.type === "input" && email.data.personalData).toBe(true);
  });

  it("keeps extra optional fields instead of dropping them", () => {
    const raw = valid();
    raw.nodes[0].data.title = "Begrüßung";
    raw.editorState = { zoom: 2 };
    const result = parseFlowDocument(raw);
    expect(result.ok && (result.document.nodes[0].data as Record<string, unknown>).title).toBe("Begrüßung");
    expect(result.ok && (result.document as Record<string, unknown>).editorState).toEqual({ zoom: 2 });
  });

  it("names the step and the field in German and English", () => {
    const raw = valid();
    delete raw.nodes[nodeIndex(raw, "ask-email")].data.purpose;
    const de = parseFlowDocument(raw);
    expect(de).toEqual({
      ok: false,
      errors: [
        {
          path: `nodes[${nodeIndex(raw, "ask-email")}].data.purpose`,
          nodeId: "ask-email",
          message: "Schritt ask-email: data.purpose fehlt",
          detail: {
            kind: "term",
            key: "parse.field",
            params: {
              at: { kind: "term", key: "parse.at.step", params: { id: "ask-email" } },
              field: "data.purpose",
              problem: { kind: "term", key: "parse.problems.missing" },
            },
          },
        },
      ],
    });
    const en = parseFlowDocument(raw, { locale: "en" });
    expect(!en.ok && en.errors[0].message).toBe("Step ask-email: data.purpose is missing");
    // The same error as data words itself in the other language through the catalogue.
    expect(!de.ok && formatParam("en", de.errors[0].detail)).toBe("Step ask-email: data.purpose is missing");
  });

  it("reports unknown step types and wrong field types", () => {
    const raw = valid();
    raw.nodes[1].type = "carousel";
    raw.nodes[2].data.text = 42;
    const result = parseFlowDocument(raw, { locale: "en" });
    const messages = result.ok ? [] : result.errors.map((error) => error.message);
    expect(messages).toContain('Step disclosure: type has the unknown step type "carousel"');
    expect(messages.some((message) => message.startsWith("Step privacy: data.text has the wrong type"))).toBe(true);
  });

  it("reports edges to unknown steps and outputs, duplicate ids and undeclared purposes", () => {
    const raw = valid();
    raw.edges.push({ id: "x1", source: "consent", sourceHandle: "next", target: "ask-name" });
    raw.edges.push({ id: "x2", source: "ask-name", sourceHandle: "next", target: "nowhere" });
    raw.edges.push({ id: "x2", source: "ghost", sourceHandle: "next", target: "ask-name" });
    raw.nodes.push({ ...raw.nodes[0] });
    raw.nodes[nodeIndex(raw, "crm")].data.purpose = "tracking";
    const result = parseFlowDocument(raw, { locale: "en" });
    const messages = result.ok ? [] : result.errors.map((error) => error.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        'Connection x1: sourceHandle: output "next" does not exist on a step of type consent',
        'Connection x2: target: target "nowhere" does not exist',
        "Connection x2: id: the id is used more than once",
        'Connection x2: source: source "ghost" does not exist',
        "Step start: id: the id is used more than once",
        `Step crm: data.purpose: purpose "tracking" is not declared in the flow's purposes`,
      ]),
    );
  });

  it("names every later edge that repeats an id, once, in the order of the edges and beside its other problems", () => {
    const raw = valid();
    const first = raw.edges[0];
    raw.edges.push({ ...first });
    raw.edges.push({ id: "y", source: "ghost", sourceHandle: "next", target: "ask-name" });
    raw.edges.push({ ...first, target: "nowhere" });
    raw.edges.push({ id: "y", source: first.source, sourceHandle: first.sourceHandle, target: first.target });
    const result = parseFlowDocument(raw, { locale: "en" });
    const edgeErrors = result.ok ? [] : result.errors.filter((error) => error.path.startsWith("edges[")).map((error) => error.path);
    const n = raw.edges.length;
    expect(edgeErrors).toEqual([
      `edges[${n - 4}].id`,
      `edges[${n - 3}].source`,
      `edges[${n - 2}].id`,
      `edges[${n - 2}].target`,
      `edges[${n - 1}].id`,
    ]);
  });

  it("enforces the node limit and the byte limit with a clear message", () => {
    const raw = valid();
    const tooMany = parseFlowDocument(raw, { maxNodes: 3, locale: "en" });
    expect(!tooMany.ok && tooMany.errors[0].message).toBe(`The flow has ${raw.nodes.length} steps, at most 3 are allowed.`);
    const text = JSON.stringify(raw);
    const tooBig = parseFlowDocument(text, { maxBytes: 100, locale: "en" });
    expect(!tooBig.ok && tooBig.errors[0].message).toMatch(/too large: \d+ bytes, at most 100/);
    expect(parseFlowDocument(text).ok).toBe(true);
  });

  it("reports invalid JSON text and non-objects without throwing", () => {
    expect(parseFlowDocument("{oops", { locale: "en" })).toMatchObject({ ok: false, errors: [{ path: "" }] });
    expect(parseFlowDocument(null, { locale: "en" })).toEqual({
      ok: false,
      errors: [{ path: "", message: "A flow must be a JSON object.", detail: { kind: "term", key: "parse.notObject" } }],
    });
    expect(parseFlowDocument([], { locale: "de" }).ok).toBe(false);
  });

  it("reports duplicate and reserved choice option ids", () => {
    const raw = valid();
    raw.nodes.push({
      id: "pick",
      type: "choice",
      position: { x: 0, y: 0 },
      data: {
        text: "?",
        options: [
          { id: "a", label: "A" },
          { id: "a", label: "B" },
          { id: "fallback", label: "C" },
        ],
      },
    });
    const result = parseFlowDocument(raw, { locale: "en" });
    const pickErrors = result.ok ? [] : result.errors.filter((error) => error.nodeId === "pick");
    expect(pickErrors.map((error) => error.path)).toEqual([
      `nodes[${raw.nodes.length - 1}].data.options[1].id`,
      `nodes[${raw.nodes.length - 1}].data.options[2].id`,
    ]);
  });
});

describe("outputsOf", () => {
  it("lists each choice option and the fallback, and fixed outputs per type", () => {
    const doc = createFlowFromTemplate("appointment", { id: "a", name: "A", locale: "en" });
    const consent = doc.nodes.find((node) => node.type === "consent")!;
    expect(outputsOf(consent)).toEqual(["accept", "decline"]);
    const choice = {
      id: "c",
      type: "choice" as const,
      position: { x: 0, y: 0 },
      data: {
        text: "?",
        options: [
          { id: "yes", label: "Y" },
          { id: "no", label: "N" },
        ],
      },
    };
    expect(outputsOf(choice)).toEqual(["yes", "no", "fallback"]);
    expect(outputsOf(doc.nodes.find((node) => node.type === "end")!)).toEqual([]);
  });
});
