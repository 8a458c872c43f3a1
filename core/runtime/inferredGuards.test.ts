import { describe, expect, it } from "vitest";
import { EXAMPLE_LEGAL, createFlowFromTemplate, type FlowDocument, type FlowNode } from "../flow";
import { buildExport } from "../export";
import { Conversation, loadExport, type TurnResult } from ".";

/*
 * The runtime classifies steps with the same inferred labels as the rules: a flag set to
 * "not promotional" or "no personal data" does not let an advertising text or an e-mail
 * question through without the consent it needs. (buildExport does not refuse errors, so
 * these flows reach the runtime as a broken bot would.)
 */

const T0 = Date.UTC(2026, 0, 1, 9, 0, 0);
const texts = (turn: TurnResult) => turn.outgoing.flatMap((o) => (o.kind === "message" ? [o.text] : []));

function withWelcome(locale: "de" | "en", welcome: FlowNode): FlowDocument {
  const doc = createFlowFromTemplate("default", { id: "f", name: "F", locale });
  return {
    ...doc,
    nodes: doc.nodes.map((node) => (node.id === "welcome" ? { ...welcome, id: "welcome", position: node.position } : node)),
  };
}

function run(doc: FlowDocument): string[] {
  const flow = loadExport(buildExport(doc, { legal: EXAMPLE_LEGAL, channel: "telegram", version: 1 }));
  const conversation = new Conversation(flow, { subject: "u1", now: T0, webhook: () => ({ ok: true }) });
  conversation.send({ type: "start" });
  return texts(conversation.send({ type: "button", id: "accept" }));
}

describe("runtime: inferred labels guard the steps", () => {
  for (const [locale, ad, plain] of [
    ["de", "30 % Rabatt – jetzt kaufen!", "Schön, dass du da bist!"],
    ["en", "30 % discount – buy now!", "Great to have you here!"],
  ] as const) {
    it(`does not send "${ad}" marked as not promotional without marketing consent (${locale})`, () => {
      const said = run(withWelcome(locale, { type: "message", data: { text: ad, promotional: false } } as FlowNode));
      expect(said.join(" ")).not.toContain(ad);
      expect(said.length).toBeGreaterThan(0);
      // The counterpart: an ordinary text after the service consent is sent.
      expect(run(withWelcome(locale, { type: "message", data: { text: plain, promotional: false } } as FlowNode))).toContain(plain);
    });
  }

  it("does not ask an e-mail question marked as no personal data without consent for its purpose", () => {
    const question = {
      type: "input",
      data: { text: "Your email?", variable: "email", inputType: "email", personalData: false, purpose: "lead", retentionDays: 30 },
    } as FlowNode;
    const said = run(withWelcome("en", question));
    expect(said.join(" ")).not.toContain("Your email?");
  });
});
