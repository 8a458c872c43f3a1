import { describe, expect, it } from "vitest";
import { findingsOf, flow, step } from "../testFlows";

const RULE = "data.unused";

describe(RULE, () => {
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

  it("counts references in every text the bot fills in (a choice's question, a handoff's notice), not in a label or URL sent as it is", () => {
    const used = ["q", "n", "r", "msg", "in"];
    const doc = flow(
      [
        ...used.map((variable) => step("input", `ask-${variable}`, { variable })),
        // The runtime fills no variable into a button label or a webhook's address: "{{ o }}" is sent as it stands.
        step("input", "ask-o", { variable: "o" }),
        step("input", "ask-u", { variable: "u" }),
        step("input", "ask-x", { variable: "x" }),
        step("choice", "c", { text: "Which, {{q}}?", options: [{ id: "a", label: "{{ o }}" }] }),
        step("handoff", "h", { notice: "{{n}}", resumeText: "{{r}}" }),
        step("webhook", "w", { url: "https://x.example/{{u}}" }),
        step("message", "m", { text: "Hi {{msg}} and {{ in }}" }),
      ],
      [],
    );
    expect(findingsOf(RULE, doc).map((finding) => finding.nodeId)).toEqual(["ask-o", "ask-u", "ask-x"]);
  });

  it("counts the texts the labels do not read too (an end's, a consent's and its withdrawal hint, the opt-out confirmation), and the same on a second validation", () => {
    const used = ["e", "c", "h", "o", "m", "i"];
    const doc = flow(
      [
        ...used.map((variable) => step("input", `ask-${variable}`, { variable })),
        step("input", "ask-x", { variable: "x" }),
        step("input", "ask-y", { variable: "y", text: "And {{ i }}?" }),
        step("end", "bye", { text: "Bye {{e}}" }),
        step("consent", "ok", { text: "May we, {{c}}?", withdrawalHint: "Write STOP, {{h}}." }),
        step("message", "m", { text: "{{m}} and {{m}}" }),
      ],
      [],
    );
    doc.settings = { ...doc.settings, optOut: { ...doc.settings.optOut, confirmation: "Done, {{o}}." } };
    const unused = () => findingsOf(RULE, doc).map((finding) => finding.nodeId);
    expect(unused()).toEqual(["ask-x", "ask-y"]);
    // The second time every text's reading comes from the lexicon's cache, references included.
    expect(unused()).toEqual(["ask-x", "ask-y"]);
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
