import { describe, expect, it } from "vitest";
import { CHANNELS, TEMPLATE_IDS, createFlowFromTemplate, type FlowDocument } from "../flow";
import { buildRuleContext } from "./context";
import { flow, step } from "./testFlows";

/** What the table must say, worked out the plain way: every input's trimmed name, slots in order of first appearance. */
function expectedTable(document: FlowDocument) {
  const names: string[] = [];
  const collectors: number[] = [];
  const slotOfStep = document.nodes.map((node) => {
    if (node.type !== "input" || node.data.variable.trim() === "") return -1;
    const name = node.data.variable.trim();
    if (!names.includes(name)) {
      names.push(name);
      collectors.push(0);
    }
    collectors[names.indexOf(name)]++;
    return names.indexOf(name);
  });
  return { names, collectors, slotOfStep };
}

function tableOf(document: FlowDocument) {
  const variables = buildRuleContext(document, null).variables;
  return {
    table: { names: [...variables.names], collectors: [...variables.collectors], slotOfStep: [...variables.slotOfStep] },
    slotOf: variables.slotOf,
  };
}

describe("context.variables", () => {
  it("gives inputs that share a name (spaces around it or not) one slot, and no slot to empty names or other steps", () => {
    const document = flow(
      [
        step("input", "a", { variable: " email " }),
        step("condition", "c", { variable: "email" }),
        step("input", "b", { variable: "name" }),
        step("input", "d", { variable: "email" }),
        step("input", "e", { variable: "   " }),
        step("webhook", "w", { sends: ["email", "name"] }),
        step("input", "f", { variable: "\tphone" }),
      ],
      [],
    );
    const { table, slotOf } = tableOf(document);
    expect(table).toEqual({
      names: ["email", "name", "phone"],
      collectors: [2, 1, 1],
      slotOfStep: [0, -1, 1, 0, -1, -1, 2],
    });
    expect([slotOf("email"), slotOf(" email\n"), slotOf("name"), slotOf("phone "), slotOf("Email"), slotOf(""), slotOf("x")]).toEqual([
      0, 0, 1, 2, -1, -1, -1,
    ]);
  });

  it("agrees with a plain walk of the inputs on every template and on a flow of many inputs", () => {
    const documents: FlowDocument[] = [];
    for (const templateId of TEMPLATE_IDS)
      documents.push(createFlowFromTemplate(templateId, { id: "t", name: "T", locale: "de", channels: [...CHANNELS] }));
    // Many inputs, some sharing a variable, some with spaces around it or none, between other steps.
    const names = ["email", " email", "name ", "", "  ", "phone", "Email", "e-mail", "name"];
    const steps = [];
    for (let i = 0; i < 200; i++) {
      steps.push(step("input", `i${i}`, { variable: i % 5 === 0 ? `own${i}` : names[(i * 7) % names.length] }));
      if (i % 3 === 0) steps.push(step("condition", `c${i}`, { variable: names[i % names.length] }));
    }
    documents.push(flow(steps, []));
    for (const document of documents) {
      const { table, slotOf } = tableOf(document);
      const expected = expectedTable(document);
      expect(table).toEqual(expected);
      for (const [slot, name] of expected.names.entries()) expect(slotOf(` ${name} `)).toBe(slot);
    }
  });
});
