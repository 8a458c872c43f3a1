import { describe, expect, it } from "vitest";
import { findingsOf, flow, step } from "../testFlows";
import { forEachReference } from "./data.unused";

const RULE = "data.unused";

describe(RULE, () => {
  it("reads the same {{ name }} references as the regular expression /\\{\\{\\s*([^{}\\s]+)\\s*\\}\\}/g", () => {
    const expression = /\{\{\s*([^{}\s]+)\s*\}\}/g;
    const references = (text: string) => {
      const names: string[] = [];
      forEachReference(text, (name) => names.push(name));
      return names;
    };
    expect(references("Hi {{ name }}, {{email}}! {{ }} {{a b}} {{{x}} {{y}}} {{\u00a0z\u3000}} {{ w }")).toEqual([
      "name",
      "email",
      "x",
      "y",
      "z",
    ]);
    // Texts from pieces that make references, near misses and spaces of every kind (and characters that are none).
    const pieces = [
      "{{",
      "}}",
      "{",
      "}",
      " ",
      "\t",
      "\n",
      "\u00a0",
      "\u2028",
      "\ufeff",
      "\u3000",
      "\u200b",
      "\u0085",
      "a",
      "b_1",
      ".",
      "é",
      "😀",
    ];
    let seed = 9;
    const next = () => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) / 4294967296;
    };
    let withReferences = 0;
    const different: string[] = [];
    for (let k = 0; k < 20_000; k++) {
      let text = "";
      for (let i = Math.floor(next() * 14); i > 0; i--) text += pieces[Math.floor(next() * pieces.length)];
      const expected = [...text.matchAll(expression)].map((match) => match[1]);
      if (expected.length > 0) withReferences++;
      if (JSON.stringify(references(text)) !== JSON.stringify(expected)) different.push(text);
    }
    expect(different).toEqual([]);
    expect(withReferences).toBeGreaterThan(300);
  });

  it("accepts variables used in a text, a condition or a webhook", () => {
    const doc = flow(
      [
        step("input", "a", { variable: "name" }),
        step("input", "b", { variable: "email" }),
        step("input", "c", { variable: "phone" }),
        step("message", "m", { text: "Thanks, {{ name }}!" }),
        step("condition", "k", { variable: "email" }),
        step("webhook", "w", { sends: ["phone"] }),
      ],
      [],
    );
    expect(findingsOf(RULE, doc)).toEqual([]);
  });

  it("counts references in every kind of text: a choice's question and options, a handoff's notice, a webhook's URL", () => {
    const used = ["q", "o", "n", "r", "u", "msg", "in"];
    const doc = flow(
      [
        ...used.map((variable) => step("input", `ask-${variable}`, { variable })),
        step("input", "ask-x", { variable: "x" }),
        step("choice", "c", { text: "Which, {{q}}?", options: [{ id: "a", label: "{{ o }}" }] }),
        step("handoff", "h", { notice: "{{n}}", resumeText: "{{r}}" }),
        step("webhook", "w", { url: "https://x.example/{{u}}" }),
        step("message", "m", { text: "Hi {{msg}} and {{ in }}" }),
      ],
      [],
    );
    expect(findingsOf(RULE, doc).map((finding) => finding.nodeId)).toEqual(["ask-x"]);
  });

  it("warns about a variable nobody uses, and its own question does not count", () => {
    const doc = flow(
      [step("input", "a", { variable: "age", text: "Your age? ({{age}})" }), step("message", "m", { text: "{{other}}" })],
      [],
    );
    const findings = findingsOf(RULE, doc);
    expect(findings).toEqual([expect.objectContaining({ rule: RULE, severity: "warning", nodeId: "a" })]);
    expect(findings[0].message).toContain("age");
  });

  it("judges each input by its own variable, among inputs that share one, use others or name none", () => {
    const doc = flow(
      [
        step("input", "name1", { variable: "name" }),
        step("input", "unused", { variable: "city" }),
        step("input", "blank", { variable: " " }),
        step("input", "name2", { variable: " name " }),
        step("input", "zip", { variable: "zip", text: "Your zip? {{ zip }}" }),
        step("input", "asks", { variable: "street", text: "Where in {{ city }}?" }),
        step("condition", "k", { variable: "name" }),
        step("message", "m", { text: "Thanks, {{street}}." }),
      ],
      [],
    );
    // "city" is used only by another input's question, which counts; "zip" only by its own question, which does not.
    expect(findingsOf(RULE, doc).map((finding) => finding.nodeId)).toEqual(["zip"]);
    const unusedCity = flow(
      [step("input", "a", { variable: "city" }), step("input", "b", { variable: "name" }), step("condition", "k", { variable: "name" })],
      [],
    );
    expect(findingsOf(RULE, unusedCity).map((finding) => finding.nodeId)).toEqual(["a"]);
  });
});
