import { describe, expect, it } from "vitest";
import { inferLabels } from "./inferred";
import { advertisingWords, hitsOf, readIdentifier, readText } from "./lexicon";
import type { FlowDocument, FlowNode } from "./schema";

function node(id: string, type: FlowNode["type"], data: Record<string, unknown>): FlowNode {
  return { id, type, position: { x: 0, y: 0 }, data } as FlowNode;
}

const input = (id: string, data: Record<string, unknown>) =>
  node(id, "input", { text: "", variable: "", inputType: "text", personalData: true, purpose: "lead", retentionDays: 30, ...data });

/** Steps of every kind the labels look at, each of them (and its neighbours) telling a different story. */
const NODES: FlowNode[] = [
  node("start", "start", { trigger: "getStarted" }),
  input("email", { text: "Where can we write to you?", variable: "contact", inputType: "email" }),
  input("phone", { text: "What is your phone number?", variable: "x" }),
  input("named", { text: "And then?", variable: "customerEmail", purpose: "marketing" }),
  input("count", { text: "How many people?", variable: "count", inputType: "number", personalData: false, purpose: "" }),
  node("override", "message", {
    text: "Buy now and save 50% with our special offer",
    promotional: false,
    notAdvertisingReason: "Service-Info",
  }),
  node("advert", "message", { text: "Buy now and save 50% with our special offer", promotional: false }),
  node("hello", "message", { text: "Hello!", promotional: false }),
  node("menu", "choice", { text: "What would you like?", options: [{ id: "a", label: "Prices" }] }),
  node("crm", "webhook", { url: "https://crm.example.com/x", processor: "CRM", sends: ["x"], purpose: "lead" }),
  node("news", "subscribe", { list: "news" }),
  node("bye", "end", { text: "Bye!" }),
];

const DOCUMENT: Pick<FlowDocument, "nodes" | "edges" | "locale"> = { nodes: NODES, edges: [], locale: "en" };

describe("inferLabels", () => {
  it("labels every step by its index, and null for the steps a label does not apply to", () => {
    const labels = inferLabels(DOCUMENT);
    const at = (id: string) => NODES.findIndex((candidate) => candidate.id === id);
    const all = [...NODES.keys()];

    // Personal data from the input type, the question's words, the variable's name; not from a flag set to false.
    expect(all.map((index) => labels.personal.get(index))).toEqual([
      null,
      { source: "inputType", words: ["email"] },
      { source: "text", words: ["phone"] },
      { source: "variable", words: ["customerEmail"] },
      null,
      ...new Array(7).fill(null),
    ]);
    expect(all.map((index) => labels.purposeOf(index))).toEqual([
      null,
      "lead",
      "lead",
      "marketing",
      null,
      null,
      "marketing",
      null,
      null,
      "lead",
      "marketing",
      null,
    ]);
    expect(all.map((index) => labels.isDataStep(index))).toEqual(all.map((index) => [1, 2, 3, 9, 10].includes(index)));

    const words = advertisingWords(readText("en", "Buy now and save 50% with our special offer"));
    expect(words.length).toBeGreaterThan(0);
    expect(all.map((index) => labels.advertisingOverrides.get(index))).toEqual(
      all.map((index) => (index === at("override") ? { words, reason: "Service-Info" } : null)),
    );
    expect(labels.promotional.get(at("advert"))).toEqual({ source: "text", words });
    expect(labels.promotional.get(at("override"))).toBeNull();

    // The readings of the texts the labels read (inputs, choices, messages), the very objects the lexicon cache holds.
    for (const [index, reading] of labels.textReadings.entries()) {
      const step = NODES[index];
      const read = ["input", "choice", "message"].includes(step.type);
      expect(reading).toBe(read ? readText("en", (step.data as { text: string }).text) : null);
    }
  });

  it("names the data an input collects from its question's words, else from its variable", () => {
    const labels = inferLabels(DOCUMENT);
    const firstLabel = (hits: ReturnType<typeof hitsOf>) => hits.find((hit) => hit.label !== null)?.label ?? null;
    const expected = NODES.map((step) =>
      step.type === "input"
        ? (firstLabel(hitsOf(readText("en", step.data.text), "personal", { negated: true })) ??
          firstLabel(hitsOf(readIdentifier("en", step.data.variable), "personal", { negated: true })))
        : null,
    );
    expect(expected.filter((name) => name !== null).length).toBeGreaterThanOrEqual(2);
    expect(NODES.map((_, index) => labels.dataNameOf(index))).toEqual(expected);
  });
});

describe("inferLabels: what the same pass records for the rules", () => {
  const withReferences: FlowNode[] = [
    input("ask", { text: "Your name, {{ first }}?", variable: " name " }),
    node("thanks", "message", { text: "Thanks {{name}}, we write to {{ email }}.", promotional: false }),
    node("plain", "message", { text: "No reference {{ here", promotional: false }),
    node("menu", "choice", { text: "{{name}}, what now?", options: [{ id: "a", label: "{{x}}" }] }),
    node("bye", "end", { text: "Bye {{name}}" }),
    input("again", { text: "Once more?", variable: "name" }),
    input("none", { text: "And?", variable: "   " }),
  ];
  const labels = inferLabels({ nodes: withReferences, edges: [], locale: "en" });

  it("lists the steps whose read text has {{ name }} references, and carries the names in their readings", () => {
    // The end's text is not read by the labels (data.unused scans it itself), nor are a choice's options.
    expect(labels.stepsWithReadReferences).toEqual([0, 1, 3]);
    expect(labels.stepsWithReadReferences.map((index) => labels.textReadings[index]?.references)).toEqual([
      ["first"],
      ["name", "email"],
      ["name"],
    ]);
    expect(labels.textReadings[2]?.references).toEqual([]);
  });

  it("collects the inputs' variables, trimmed, one slot per name in order of first use", () => {
    const { variables } = labels;
    expect(variables.names).toEqual(["name"]);
    expect([...variables.collectors]).toEqual([2]);
    expect([...variables.slotOfStep]).toEqual([0, -1, -1, -1, -1, 0, -1]);
    expect(variables.slotOf(" name")).toBe(0);
    expect(variables.slotOf("email")).toBe(-1);
  });
});
