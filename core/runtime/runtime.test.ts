import { describe, expect, it } from "vitest";
import { EXAMPLE_LEGAL, createFlowFromTemplate, type Channel, type FlowDocument } from "../flow";
import { OPT_OUT_PAYLOAD, buildExport, exportFlow } from "../export";
import { formatDiagnostic } from "../compliance";
import {
  Conversation,
  loadExport,
  normalizeAnswer,
  receive,
  startConversation,
  type ConsentRecord,
  type ConversationState,
  type RuntimeEvent,
  type TurnResult,
} from ".";

/*
 * Scripted conversations through the runtime: the accept path, the decline path
 * (never collects data), STOP at every point, re-disclosure after silence, invalid
 * input, and that variables can never become markup or buttons.
 */

const T0 = Date.UTC(2026, 0, 1, 9, 0, 0);

function exportOf(document: FlowDocument, channel: Channel = "messenger") {
  const result = exportFlow(document, { legal: EXAMPLE_LEGAL, channel, version: 3 });
  if (!result.ok) throw new Error(result.diagnostics.map((d) => formatDiagnostic(d, "en")).join("; "));
  return result.export;
}

function lead(channel: Channel = "messenger", webhookOk = true) {
  const flow = loadExport(exportOf(createFlowFromTemplate("leadCapture", { id: "lead", name: "Lead", locale: "en" }), channel));
  return new Conversation(flow, { subject: "psid-1", now: T0, webhook: () => ({ ok: webhookOk }) });
}

/** `value` frozen with everything it holds, so that changing any of it in place throws. */
function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

const texts = (turn: TurnResult) => turn.outgoing.flatMap((o) => (o.kind === "message" ? [o.text] : []));
const buttons = (turn: TurnResult) => turn.outgoing.flatMap((o) => (o.kind === "message" ? o.buttons.map((b) => b.label) : []));

describe("runtime: accept path", () => {
  it("discloses, informs, asks consent, collects, calls the CRM and thanks with the filled-in name", () => {
    const c = lead();
    const first = c.send({ type: "start" });
    expect(texts(first)[0]).toMatch(/automated assistant of Beispiel GmbH, not a human/);
    expect(texts(first)[1]).toContain(EXAMPLE_LEGAL.privacyPolicyUrl);
    expect(buttons(first)).toEqual(["Yes, I agree", "No, thanks"]);
    expect(first.activeNodeId).toBe("consent");

    const accepted = c.send({ type: "button", id: "accept" });
    expect(accepted.consentEvents).toEqual([
      expect.objectContaining({
        flowId: "lead",
        flowVersion: 3,
        subject: "psid-1",
        channel: "messenger",
        purpose: "lead",
        outcome: "accept",
        occurredAt: new Date(T0).toISOString(),
      }),
    ]);
    expect(accepted.consentEvents[0].textHash).toBe(c.flow.export.consents[0].textHash);
    expect(texts(accepted)).toEqual(["What is your name?"]);

    c.send({ type: "text", text: "Ada" });
    const done = c.send({ type: "text", text: "ada@example.com" });
    expect(done.effects).toContainEqual(
      expect.objectContaining({ kind: "webhook", body: expect.objectContaining({ variables: { name: "Ada", email: "ada@example.com" } }) }),
    );
    expect(texts(done)).toEqual(["Thanks, Ada! We will get back to you at ada@example.com."]);
    expect(done.state.status).toBe("ended");
    expect(c.state.variables).toEqual({ name: "Ada", email: "ada@example.com" });
  });

  it("accepts the consent by typing the button's label", () => {
    const c = lead();
    c.send({ type: "start" });
    const turn = c.send({ type: "text", text: "yes, i agree" });
    expect(turn.consentEvents[0].outcome).toBe("accept");
  });

  it("takes the failure branch when the webhook fails", () => {
    const c = lead("messenger", false);
    c.send({ type: "start" });
    c.send({ type: "button", id: "accept" });
    c.send({ type: "text", text: "Ada" });
    expect(texts(c.send({ type: "text", text: "ada@example.com" }))).toEqual(["Sorry, that did not work. Please try again later."]);
  });

  it("renders payloads for the export's channel", () => {
    const c = lead("telegram");
    const first = c.send({ type: "start" });
    const consent = first.outgoing.at(-1)!;
    expect(consent.kind === "message" && consent.payloads[0]).toMatchObject({
      method: "sendMessage",
      reply_markup: {
        inline_keyboard: [[{ text: "Yes, I agree", callback_data: "accept" }], [{ text: "No, thanks", callback_data: "decline" }]],
      },
    });
    expect(JSON.stringify(first.outgoing)).not.toContain("parse_mode");
  });
});

describe("runtime: decline path", () => {
  it("records the decline, ends politely and never asks for data", () => {
    const c = lead();
    c.send({ type: "start" });
    const declined = c.send({ type: "button", id: "decline" });
    expect(declined.consentEvents.map((e) => e.outcome)).toEqual(["decline"]);
    expect(texts(declined)[0]).toMatch(/Without your consent I will not ask for any data/);
    expect(declined.state.status).toBe("ended");
    expect(declined.effects.filter((e) => e.kind === "webhook")).toEqual([]);
    expect(c.state.variables).toEqual({});
  });

  it("stops at a data step reached without consent even if the graph allowed it", () => {
    const document = createFlowFromTemplate("leadCapture", { id: "lead", name: "Lead", locale: "en" });
    // A broken graph (decline leads to the questions) is refused by export; build it anyway.
    const broken: FlowDocument = {
      ...document,
      edges: document.edges.map((e) => (e.source === "consent" && e.sourceHandle === "decline" ? { ...e, target: "ask-name" } : e)),
    };
    const c = new Conversation(loadExport(buildExport(broken, { legal: EXAMPLE_LEGAL, channel: "messenger", version: 1 })), {
      subject: "u",
      now: T0,
    });
    c.send({ type: "start" });
    const turn = c.send({ type: "button", id: "decline" });
    // Not silence: the user is told why the bot stops, and no question is asked.
    expect(texts(turn)).toEqual([c.flow.texts.refused]);
    expect(texts(turn)[0]).toMatch(/I need your consent/);
    expect(turn.state.status).toBe("ended");
    expect(c.state.variables).toEqual({});
  });
});

describe("runtime: opt-out from any state", () => {
  const script = [{ type: "start" as const }, { type: "button" as const, id: "accept" }, { type: "text" as const, text: "Ada" }];
  for (let at = 0; at <= script.length; at++) {
    it(`STOP after ${at} event(s) records a withdrawal (an objection before consent) and stops collecting`, () => {
      const c = lead();
      for (const event of script.slice(0, at)) c.send(event);
      const stop = c.send({ type: "text", text: " stop " });
      expect(stop.consentEvents.length).toBeGreaterThan(0);
      const expected = at >= 2 ? "withdraw" : "object";
      expect(stop.consentEvents.every((e) => e.outcome === expected && e.purpose === "lead")).toBe(true);
      expect(texts(stop)).toEqual([c.flow.export.optOut.confirmation]);
      expect(stop.effects).toContainEqual({ kind: "unsubscribe", subject: "psid-1" });
      expect(stop.state.status).toBe("ended");
      // Writing again starts over, and no data step runs until consent is given again.
      const again = c.send({ type: "text", text: "hello" });
      expect(again.activeNodeId).toBe("consent");
      expect(c.state.consents.lead.outcome).toBe(expected);
    });
  }

  it("honours the unsubscribe menu entry, /stop and every configured keyword", () => {
    for (const event of [
      { type: "button" as const, id: OPT_OUT_PAYLOAD },
      { type: "text" as const, text: "/stop" },
      { type: "text" as const, text: "Abmelden" },
    ]) {
      const c = lead();
      c.send({ type: "start" });
      c.send({ type: "button", id: "accept" });
      expect(c.send(event).consentEvents[0]).toMatchObject({ outcome: "withdraw", answerMode: event.type });
    }
  });

  it("withdraws with the hash of the text that was accepted", () => {
    const c = lead();
    c.send({ type: "start" });
    const accept = c.send({ type: "button", id: "accept" }).consentEvents[0];
    const withdraw = c.send({ type: "text", text: "STOPP" }).consentEvents[0];
    expect(withdraw.textHash).toBe(accept.textHash);
    expect(withdraw.eventId).not.toBe(accept.eventId);
  });
});

describe("runtime: re-disclosure after silence", () => {
  it("starts the next reply with the bot disclosure after redisclosureAfterHours", () => {
    const c = lead();
    c.send({ type: "start" });
    c.send({ type: "button", id: "accept" });
    c.wait(25);
    const turn = c.send({ type: "text", text: "Ada" });
    expect(texts(turn)).toEqual([c.flow.export.redisclosureText, "Which email address can we reach you at?"]);
    expect(texts(turn)[0]).toMatch(/not a human/);
    expect(turn.outgoing[0]).toMatchObject({ kind: "message", nodeId: null });
  });

  it("does not repeat it within the window", () => {
    const c = lead();
    c.send({ type: "start" });
    c.send({ type: "button", id: "accept" });
    c.wait(23);
    expect(texts(c.send({ type: "text", text: "Ada" }))).toHaveLength(1);
  });
});

describe("runtime: input validation", () => {
  it("takes the invalid output for a bad email and asks again", () => {
    const c = lead();
    c.send({ type: "start" });
    c.send({ type: "button", id: "accept" });
    c.send({ type: "text", text: "Ada" });
    const bad = c.send({ type: "text", text: "not-an-email" });
    expect(texts(bad)).toEqual([
      "That does not look like an email address. Would you like to try again?",
      "Which email address can we reach you at?",
    ]);
    expect(bad.activeNodeId).toBe("ask-email");
    expect(c.state.variables.email).toBeUndefined();
  });

  it("asks the same question again when there is no invalid output", () => {
    const c = new Conversation(loadExport(exportOf(createFlowFromTemplate("appointment", { id: "a", name: "A", locale: "de" }))), {
      subject: "u",
      now: T0,
    });
    c.send({ type: "start" });
    c.send({ type: "button", id: "accept" });
    c.send({ type: "text", text: "Ada" });
    const bad = c.send({ type: "text", text: "irgendwann" });
    expect(texts(bad)).toEqual(["Das habe ich nicht als Datum erkannt (z. B. 24.12.2026).", "An welchem Tag passt es dir am besten?"]);
    const good = c.send({ type: "text", text: "3.2.2026" });
    expect(c.state.variables.preferredDate).toBe("2026-02-03");
    expect(texts(good)[0]).toBe("Danke, Ada! Wir schauen nach einem Termin am 2026-02-03.");
  });

  it("checks email, phone, number and date", () => {
    expect(normalizeAnswer("email", "a@b.de")).toBe("a@b.de");
    expect(normalizeAnswer("email", "a@b")).toBeNull();
    expect(normalizeAnswer("phone", "+49 (30) 123-456")).toBe("+4930123456");
    expect(normalizeAnswer("phone", "call me")).toBeNull();
    expect(normalizeAnswer("number", "3,5")).toBe("3.5");
    expect(normalizeAnswer("number", "three")).toBeNull();
    expect(normalizeAnswer("date", "2026-02-30")).toBeNull();
    expect(normalizeAnswer("date", "29/02/2028")).toBe("2028-02-29");
    expect(normalizeAnswer("text", "   ")).toBeNull();
  });
});

describe("runtime: variables cannot inject", () => {
  it("keeps a name with markup and braces as plain text, never a button or payload", () => {
    const c = lead("telegram");
    c.send({ type: "start" });
    c.send({ type: "button", id: "accept" });
    c.send({ type: "text", text: '<a href="x">{{email}}</a>' });
    const done = c.send({ type: "text", text: "ada@example.com" });
    const message = done.outgoing.find((o) => o.kind === "message")!;
    expect(message.kind === "message" && message.text).toBe(
      'Thanks, <a href="x">{{email}}</a>! We will get back to you at ada@example.com.',
    );
    expect(message.kind === "message" && message.buttons).toEqual([]);
    expect(message.kind === "message" && message.payloads[0]).toEqual({
      method: "sendMessage",
      text: message.kind === "message" ? message.text : "",
    });
  });
});

describe("runtime: only the flow's texts take variables", () => {
  it("sends a legal link as it is: braces in it take no value the user typed", () => {
    const legal = { ...EXAMPLE_LEGAL, privacyPolicyUrl: "https://www.example.com/datenschutz?v={{name}}" };
    const result = exportFlow(createFlowFromTemplate("leadCapture", { id: "lead", name: "Lead", locale: "en" }), {
      legal,
      channel: "messenger",
      version: 3,
    });
    if (!result.ok) throw new Error("the lead template should export");
    const c = new Conversation(loadExport(result.export), { subject: "u", now: T0, webhook: () => ({ ok: true }) });
    c.send({ type: "start" });
    c.send({ type: "button", id: "accept" });
    c.send({ type: "text", text: "Ada" });
    const link = texts(c.send({ type: "text", text: "Datenschutz" }))[0];
    expect(link).toBe("Our privacy policy: https://www.example.com/datenschutz?v=%7B%7Bname%7D%7D");
  });

  it("sends and takes back variables by their own names only (toString, constructor)", () => {
    // One turn at a time: the test answers the CRM call itself.
    const flow = loadExport(exportOf(createFlowFromTemplate("leadCapture", { id: "lead", name: "Lead", locale: "en" })));
    let state = startConversation(flow, { subject: "u" });
    const send = (event: RuntimeEvent) => {
      const turn = receive(flow, state, event, { now: T0 });
      state = turn.state;
      return turn;
    };
    send({ type: "start" });
    send({ type: "button", id: "accept" });
    send({ type: "text", text: "Ada" });
    const webhook = send({ type: "text", text: "ada@example.com" }).effects.find((effect) => effect.kind === "webhook");
    if (webhook?.kind !== "webhook") throw new Error("expected the CRM call");
    expect(Object.keys(webhook.body.variables).sort()).toEqual(["email", "name"]);
    send({ type: "webhookResult", requestId: webhook.requestId, ok: true, variables: { constructor: "c", toString: "t", name: "Eve" } });
    expect(Object.prototype.hasOwnProperty.call(state.variables, "constructor")).toBe(true);
    expect(state.variables.toString).toBe("t");
    // Never over a value the user typed.
    expect(state.variables.name).toBe("Ada");
  });
});

describe("runtime: hand-off, legal links and purity", () => {
  it("stays silent during a handoff and discloses again when the bot resumes", () => {
    const c = new Conversation(loadExport(exportOf(createFlowFromTemplate("appointment", { id: "a", name: "A", locale: "en" }))), {
      subject: "u",
      now: T0,
    });
    c.send({ type: "start" });
    c.send({ type: "button", id: "accept" });
    c.send({ type: "text", text: "Ada" });
    const handoff = c.send({ type: "text", text: "2026-02-03" });
    expect(handoff.state.status).toBe("handoff");
    expect(texts(c.send({ type: "text", text: "hello human" }))).toEqual([]);
    const back = c.send({ type: "handback" });
    expect(texts(back)[0]).toBe("The conversation with our team has ended.");
    expect(texts(back)[1]).toMatch(/automated assistant of Beispiel GmbH again/);
  });

  it("answers DATENSCHUTZ and /impressum with the links without leaving the step", () => {
    const c = lead();
    c.send({ type: "start" });
    const consentText = c.flow.export.consents[0].text;
    // The link, then the pending question again, so the user knows where they were.
    expect(texts(c.send({ type: "text", text: "Datenschutz" }))).toEqual([
      `Our privacy policy: ${EXAMPLE_LEGAL.privacyPolicyUrl}`,
      consentText,
    ]);
    expect(texts(c.send({ type: "text", text: "/impressum" }))).toEqual([`Legal notice: ${EXAMPLE_LEGAL.impressumUrl}`, consentText]);
    expect(c.state.nodeId).toBe("consent");
  });

  it("shares the variables with the state given until a turn changes one, then changes a copy", () => {
    const flow = loadExport(exportOf(createFlowFromTemplate("leadCapture", { id: "lead", name: "Lead", locale: "en" })));
    const started = receive(flow, startConversation(flow, { subject: "u" }), { type: "start" }, { now: T0 }).state;
    const accepted = receive(flow, started, { type: "button", id: "accept" }, { now: T0 }).state;
    const named = receive(flow, accepted, { type: "text", text: "Ada" }, { now: T0 }).state;
    // A turn that sets nothing hands the same object on (a long conversation holds many).
    expect(accepted.variables).toBe(started.variables);
    // A turn that sets one works on its own copy: the state given keeps its variables.
    expect(named.variables).not.toBe(accepted.variables);
    expect(named.variables).toEqual({ name: "Ada" });
    expect(accepted.variables).toEqual({});
    // "hello" at the e-mail question is invalid: asked again, nothing set, the object is handed on.
    const retried = receive(flow, named, { type: "text", text: "hello" }, { now: T0 }).state;
    expect(retried.variables).toBe(named.variables);
  });

  it("never changes the state it is given", () => {
    const flow = loadExport(exportOf(createFlowFromTemplate("newsletter", { id: "n", name: "N", locale: "de" })));
    const state = startConversation(flow, { subject: "u" });
    const frozen = JSON.stringify(state);
    const first = receive(flow, state, { type: "start" }, { now: T0 });
    expect(JSON.stringify(state)).toBe(frozen);
    const second = receive(flow, first.state, { type: "button", id: "accept" }, { now: T0 });
    expect(second.effects).toContainEqual(expect.objectContaining({ kind: "subscribe", list: "newsletter" }));
  });

  it("never changes the state it is given, also when a turn records a disclosure, withdraws and clears variables", () => {
    // The next state shares what a turn never changes in place with the state given;
    // every state handed in here is frozen all the way down, so a change in place throws.
    const flow = loadExport(exportOf(createFlowFromTemplate("leadCapture", { id: "lead", name: "Lead", locale: "en" })));
    let state = deepFreeze(startConversation(flow, { subject: "u" }));
    const send = (event: RuntimeEvent) => {
      const turn = receive(flow, state, event, { now: T0 });
      state = deepFreeze(turn.state);
      return turn;
    };
    for (let pass = 0; pass < 2; pass++) {
      send({ type: "start" });
      send({ type: "button", id: "accept" });
      send({ type: "text", text: "Ada" });
      const webhook = send({ type: "text", text: `ada${pass}@example.com` }).effects.find((effect) => effect.kind === "webhook");
      if (webhook?.kind !== "webhook") throw new Error("expected the CRM call");
      send({ type: "webhookResult", requestId: webhook.requestId, ok: true, variables: { crmId: "7" } });
    }
    expect(state.disclosures).toHaveLength(1);
    expect(state.variables).toMatchObject({ name: "Ada", email: "ada1@example.com" });
    const stop = send({ type: "text", text: "STOP" });
    expect(stop.consentEvents.map((event) => event.outcome)).toEqual(["withdraw"]);
    expect(stop.effects.filter((effect) => effect.kind === "erase")).toHaveLength(1);
    expect(state.disclosures).toEqual([]);
    expect(state.variables.email).toBeUndefined();
  });

  it("runs a state stored before consent records named their step", () => {
    const flow = loadExport(exportOf(createFlowFromTemplate("leadCapture", { id: "lead", name: "Lead", locale: "en" })));
    const accepted = receive(flow, receive(flow, startConversation(flow, { subject: "u" }), { type: "start" }, { now: T0 }).state, {
      type: "button",
      id: "accept",
    });
    const stored = JSON.parse(JSON.stringify(accepted.state)) as ConversationState;
    for (const record of Object.values(stored.consents)) delete (record as Partial<ConsentRecord>).nodeId;
    const turn = receive(flow, stored, { type: "text", text: "Ada" }, { now: T0 });
    expect(turn.state.consents.lead).toMatchObject({ outcome: "accept", nodeId: null });
    expect(turn.state.status).toBe("waiting");
    expect(stored.consents.lead).not.toHaveProperty("nodeId");
  });

  it("refuses something that is not an export", () => {
    expect(() => loadExport({ format: "other" })).toThrow(/flowguard\.export\/v1/);
  });
});
