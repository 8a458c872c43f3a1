import { describe, expect, it } from "vitest";
import { EXAMPLE_LEGAL, createFlowFromTemplate, type Channel, type FlowDocument, type Locale } from "../flow";
import { IMPRESSUM_PAYLOAD, PRIVACY_PAYLOAD, buildExport, exportFlow } from "../export";
import { Conversation, loadExport, matchesKeyword, normalizeWords, type TurnResult } from ".";
import de from "../../i18n/messages/de/runtime.json";
import en from "../../i18n/messages/en/runtime.json";

/*
 * The runtime duties of RULEBOOK "What the runtime enforces": tolerant opt-out,
 * objection vs withdrawal, erasure after withdrawal, a polite sentence instead of
 * silence, the handoff timeout, and the legal keywords on every channel.
 */

const T0 = Date.UTC(2026, 0, 1, 9, 0, 0);
const texts = (turn: TurnResult) => turn.outgoing.flatMap((o) => (o.kind === "message" ? [o.text] : []));

function conversation(
  template: "leadCapture" | "appointment" | "newsletter",
  locale: Locale,
  channel: Channel = "messenger",
  edit?: (d: FlowDocument) => FlowDocument,
) {
  let document = createFlowFromTemplate(template, { id: template, name: template, locale });
  if (edit) document = edit(document);
  const result = exportFlow(document, { legal: EXAMPLE_LEGAL, channel, version: 2 });
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
  return new Conversation(loadExport(result.export), { subject: "user-1", now: T0 });
}

/** Lead capture up to the email question: consent given, name typed. */
function leadAtEmail(locale: Locale) {
  const c = conversation("leadCapture", locale);
  c.send({ type: "start" });
  c.send({ type: "button", id: "accept" });
  c.send({ type: "text", text: "Ada" });
  return c;
}

describe("opt-out matching", () => {
  const spellings: [Locale, string][] = [
    ["de", "Stop."],
    ["de", "stopp bitte"],
    ["de", "ABMELDEN!"],
    ["de", "/stop"],
    ["de", "/stop@FlowguardBot"],
    ["de", "Bitte keine Nachrichten mehr"],
    ["de", "  Stopp!!! "],
    ["en", "Stop."],
    ["en", "please STOP now"],
    ["en", "Unsubscribe!"],
    ["en", "/stop"],
    ["en", "no more messages please"],
  ];
  for (const [locale, text] of spellings) {
    it(`${locale}: "${text}" withdraws and is never stored as the answer`, () => {
      const c = leadAtEmail(locale);
      const turn = c.send({ type: "text", text });
      expect(turn.consentEvents.map((e) => e.outcome)).toEqual(["withdraw"]);
      expect(turn.consentEvents[0]).toMatchObject({ answerMode: "text", consentNodeId: "consent", purpose: "lead" });
      expect(Object.values(c.state.variables)).not.toContain(text.trim());
      expect(c.state.variables.email).toBeUndefined();
      expect(texts(turn)).toEqual([c.flow.export.optOut.confirmation]);
    });
  }

  it('"Stop." at the name question is an opt-out, not the name', () => {
    const c = conversation("leadCapture", "en");
    c.send({ type: "start" });
    c.send({ type: "button", id: "accept" });
    const turn = c.send({ type: "text", text: "Stop." });
    expect(turn.consentEvents.map((e) => e.outcome)).toEqual(["withdraw"]);
    expect(c.state.variables).toEqual({});
  });

  it("splits plain ASCII answers into the same words as any other text", () => {
    // Letters and digits only, lower case; underscores, punctuation and control characters separate words.
    expect(normalizeWords("ADA@Example.COM")).toEqual(["ada", "example", "com"]);
    expect(normalizeWords("stop_now")).toEqual(["stop", "now"]);
    expect(normalizeWords(" \t42\n")).toEqual(["42"]);
    expect(normalizeWords("a\u0001b--c")).toEqual(["a", "b", "c"]);
    expect(normalizeWords("--- ")).toEqual([]);
    expect(normalizeWords("")).toEqual([]);
    // A slash may start a Telegram command, whose bot name goes.
    expect(normalizeWords("/stop@FlowguardBot")).toEqual(["stop"]);
    expect(normalizeWords("/start")).toEqual(["start"]);
    expect(normalizeWords("a/b")).toEqual(["a", "b"]);
    // The same words whether or not the text also holds a character beyond ASCII.
    for (const text of ["Stop now!", "Ada Lovelace", "+49 30 123456", "2026-03-01", "x_y.z"]) {
      expect(normalizeWords(`${text} é`)).toEqual([...normalizeWords(text), "é"]);
    }
  });

  it("does not treat a sentence that merely contains the word as an opt-out", () => {
    const words = (text: string) => normalizeWords(text);
    const stop = [["stop"]];
    expect(matchesKeyword(words("Ich kann einfach nicht stop sagen, wenn es um Schuhe geht"), stop)).toBe(false);
    expect(matchesKeyword(words("stoppen"), stop)).toBe(false);
    expect(matchesKeyword(words("Stop."), stop)).toBe(true);
  });
});

describe("withdrawal and objection", () => {
  it("withdraws every accepted purpose, clears its variables and asks each processor that received them to erase", () => {
    const c = leadAtEmail("en");
    c.send({ type: "text", text: "ada@example.com" });
    expect(c.state.variables).toEqual({ name: "Ada", email: "ada@example.com" });
    const turn = c.send({ type: "text", text: "STOP" });
    expect(turn.consentEvents).toEqual([
      expect.objectContaining({ outcome: "withdraw", purpose: "lead", textHash: c.flow.export.consents[0].textHash }),
    ]);
    expect(c.state.variables).toEqual({});
    expect(turn.effects).toContainEqual({
      kind: "erase",
      processor: "Example CRM",
      url: expect.stringMatching(/^https:\/\/crm\.example\.com\//),
      purpose: "lead",
      subject: "user-1",
      variables: ["name", "email"],
    });
    // A second STOP has nothing left to erase and nothing accepted: an objection, no erase effect.
    const again = c.send({ type: "text", text: "STOP" });
    expect(again.consentEvents.map((e) => e.outcome)).toEqual(["object"]);
    expect(again.effects.filter((e) => e.kind === "erase")).toEqual([]);
  });

  it("remembers a repeated disclosure once: the state does not grow with each pass, the withdrawal asks once", () => {
    const c = leadAtEmail("en");
    c.send({ type: "text", text: "ada@example.com" });
    for (let pass = 0; pass < 3; pass++) {
      c.send({ type: "start" });
      c.send({ type: "button", id: "accept" });
      c.send({ type: "text", text: "Ada" });
      const sent = c.send({ type: "text", text: "ada@example.com" });
      expect(sent.effects.filter((e) => e.kind === "webhook")).toHaveLength(1);
    }
    expect(c.state.disclosures).toEqual([
      {
        processor: "Example CRM",
        url: expect.stringMatching(/^https:\/\/crm\.example\.com\//),
        purpose: "lead",
        variables: ["name", "email"],
      },
    ]);
    const turn = c.send({ type: "text", text: "STOP" });
    expect(turn.effects.filter((e) => e.kind === "erase")).toEqual([
      expect.objectContaining({ processor: "Example CRM", variables: ["name", "email"] }),
    ]);
  });

  it("records an objection (not a withdrawal) with the confirmation's hash when nothing was accepted", () => {
    const c = conversation("leadCapture", "de");
    c.send({ type: "start" });
    const turn = c.send({ type: "text", text: "stopp" });
    expect(turn.consentEvents).toEqual([
      expect.objectContaining({ outcome: "object", consentNodeId: null, purpose: "lead", textHash: c.flow.export.optOut.confirmationHash }),
    ]);
    expect(turn.effects.filter((e) => e.kind === "erase")).toEqual([]);
  });

  it("emits v2 consent events: step, content hash, shown hash, answer mode, Art. 9 fields, privacy URL", () => {
    const c = conversation("leadCapture", "en");
    c.send({ type: "start" });
    const [event] = c.send({ type: "text", text: "Yes, I agree" }).consentEvents;
    expect(event).toEqual({
      eventId: expect.any(String),
      flowId: "leadCapture",
      flowVersion: 2,
      contentHash: c.flow.export.flow.contentHash,
      consentNodeId: "consent",
      subject: "user-1",
      channel: "messenger",
      purpose: "lead",
      outcome: "accept",
      textHash: c.flow.export.consents[0].textHash,
      answerMode: "text",
      explicit: false,
      categories: [],
      privacyPolicyUrl: EXAMPLE_LEGAL.privacyPolicyUrl,
      occurredAt: new Date(T0).toISOString(),
    });
  });
});

describe("a polite sentence instead of silence", () => {
  for (const [locale, catalogue] of [
    ["de", de],
    ["en", en],
  ] as const) {
    it(`${locale}: a promotional step without consent is refused in words and the flow ends there`, () => {
      // A broken graph (decline leads to the subscription) is refused by export; build it anyway.
      const document = createFlowFromTemplate("newsletter", { id: "n", name: "N", locale });
      const broken: FlowDocument = {
        ...document,
        edges: document.edges.map((e) => (e.source === "consent" && e.sourceHandle === "decline" ? { ...e, target: "subscribe" } : e)),
      };
      const c = new Conversation(loadExport(buildExport(broken, { legal: EXAMPLE_LEGAL, channel: "telegram", version: 1 })), {
        subject: "u",
        now: T0,
      });
      c.send({ type: "start" });
      const turn = c.send({ type: "button", id: "decline" });
      expect(texts(turn)).toEqual([catalogue.runtime.informal.refused]);
      expect(turn.effects.filter((e) => e.kind === "subscribe")).toEqual([]);
      expect(turn.state.status).toBe("ended");
    });
  }

  it("uses the formal address in German when the flow says so", () => {
    const c = conversation("leadCapture", "de", "messenger", (d) => ({
      ...d,
      settings: { ...d.settings, formality: "formal" } as FlowDocument["settings"],
    }));
    expect(c.flow.texts.refused).toBe(de.runtime.formal.refused);
    expect(c.flow.texts.refused).toMatch(/Ihre Einwilligung/);
  });
});

describe("handoff timeout", () => {
  function atHandoff(hours?: number) {
    const c = conversation("appointment", "en", "messenger", (d) =>
      hours === undefined ? d : { ...d, settings: { ...d.settings, handoffTimeoutHours: hours } as FlowDocument["settings"] },
    );
    c.send({ type: "start" });
    c.send({ type: "button", id: "accept" });
    c.send({ type: "text", text: "Ada" });
    expect(c.send({ type: "text", text: "2026-02-03" }).state.status).toBe("handoff");
    return c;
  }

  it("tells the user after 24 hours (default) that nobody answered, discloses the bot again and resumes", () => {
    const c = atHandoff();
    c.wait(23);
    expect(texts(c.send({ type: "tick" }))).toEqual([]);
    c.wait(1);
    const turn = c.send({ type: "tick" });
    const said = texts(turn);
    expect(said[0]).toBe("Sorry, nobody from our team could answer you in the last 24 hours.");
    expect(said[1]).toMatch(/automated assistant of Beispiel GmbH/);
    expect(turn.effects).toContainEqual({ kind: "handoffTimeout", nodeId: "handoff" });
    expect(turn.state.status).not.toBe("handoff");
  });

  it("honours settings.handoffTimeoutHours and also notices the timeout on the user's next message", () => {
    const c = atHandoff(2);
    c.wait(3);
    const said = texts(c.send({ type: "text", text: "hello? anyone?" }));
    expect(said[0]).toBe("Sorry, nobody from our team could answer you in the last 2 hours.");
    expect(said.some((t) => /automated assistant/.test(t))).toBe(true);
  });

  it("a handback in time keeps the old behaviour", () => {
    const c = atHandoff();
    c.wait(5);
    expect(texts(c.send({ type: "handback" }))[0]).toBe("The conversation with our team has ended.");
  });
});

describe("legal keywords on every channel", () => {
  const channels: Channel[] = ["messenger", "whatsapp", "telegram", "instagram"];
  for (const channel of channels) {
    for (const [locale, privacyWord, impressumWord] of [
      ["de", "Datenschutz?", "impressum bitte"],
      ["en", "privacy policy", "Imprint."],
    ] as const) {
      it(`${channel} ${locale}: "${privacyWord}" and "${impressumWord}" answer with the link and ask the pending question again`, () => {
        const c = leadAtEmail(locale);
        const question = texts(c.send({ type: "text", text: "not-an-email" })).at(-1)!;
        const privacy = texts(c.send({ type: "text", text: privacyWord }));
        expect(privacy).toEqual([expect.stringContaining(EXAMPLE_LEGAL.privacyPolicyUrl), question]);
        const impressum = texts(c.send({ type: "text", text: impressumWord }));
        expect(impressum).toEqual([expect.stringContaining(EXAMPLE_LEGAL.impressumUrl), question]);
        expect(c.state.variables.email).toBeUndefined();
      });
    }
  }

  it("announces the keywords in the privacy notice on WhatsApp and Instagram, not where a menu has them", () => {
    for (const channel of channels) {
      const c = conversation("leadCapture", "de", channel);
      const notice = c.send({ type: "start" }).outgoing.find((o) => o.kind === "message" && o.nodeId === "privacy");
      const announced = notice?.kind === "message" && notice.text.includes("„Datenschutz“ oder „Impressum“");
      expect(announced, channel).toBe(channel === "whatsapp" || channel === "instagram");
    }
  });

  it("Instagram ice breakers open the privacy policy and the Impressum", () => {
    const c = conversation("leadCapture", "en", "instagram");
    c.send({ type: "start" });
    expect(texts(c.send({ type: "button", id: PRIVACY_PAYLOAD }))[0]).toContain(EXAMPLE_LEGAL.privacyPolicyUrl);
    expect(texts(c.send({ type: "button", id: IMPRESSUM_PAYLOAD }))[0]).toContain(EXAMPLE_LEGAL.impressumUrl);
    expect(c.flow.export.profile).toMatchObject({
      ice_breakers: expect.arrayContaining([
        expect.objectContaining({ payload: PRIVACY_PAYLOAD }),
        expect.objectContaining({ payload: IMPRESSUM_PAYLOAD }),
      ]),
    });
  });
});
