import { describe, expect, it } from "vitest";
import { EXAMPLE_LEGAL, createFlowFromTemplate, type Locale } from "../flow";
import { exportFlow } from "../export";
import { formatDiagnostic } from "../compliance";
import { Conversation, loadExport } from ".";

/*
 * RULEBOOK optOut.defined: the standard keywords are always active and a flow's own
 * only add. A flow whose only keyword is "XQZ-UNSUB-9" must still stop on STOP, in
 * the export (what bots and channel menus read) and in the runtime.
 */

const T0 = Date.UTC(2026, 0, 1, 9, 0, 0);

function customKeywordExport(locale: Locale) {
  const document = createFlowFromTemplate("leadCapture", { id: "lead", name: "Lead", locale });
  document.settings.optOut.keywords = ["XQZ-UNSUB-9"];
  const result = exportFlow(document, { legal: EXAMPLE_LEGAL, channel: "whatsapp", version: 1 });
  if (!result.ok) throw new Error(result.diagnostics.map((d) => formatDiagnostic(d, locale)).join("; "));
  return result.export;
}

function acceptedConversation(locale: Locale) {
  const c = new Conversation(loadExport(customKeywordExport(locale)), { subject: "u-1", now: T0, webhook: () => ({ ok: true }) });
  c.send({ type: "start" });
  c.send({ type: "button", id: "accept" });
  return c;
}

describe("opt-out keywords: custom ones only add to the standard ones", () => {
  it("exports the standard keywords of the flow's language next to the custom one", () => {
    const de = customKeywordExport("de");
    expect(de.optOut.keywords).toEqual(["XQZ-UNSUB-9", "STOP", "STOPP", "ABMELDEN"]);
    expect(de.profile).toMatchObject({ keywords: { optOut: ["XQZ-UNSUB-9", "STOP", "STOPP", "ABMELDEN"] } });
    expect(customKeywordExport("en").optOut.keywords).toEqual(["XQZ-UNSUB-9", "STOP", "UNSUBSCRIBE"]);
  });

  for (const [locale, words] of [
    ["de", ["STOP", "Stopp bitte", "ABMELDEN!", "XQZ-UNSUB-9"]],
    ["en", ["STOP", "unsubscribe", "XQZ-UNSUB-9"]],
  ] as const) {
    for (const text of words) {
      it(`${locale}: "${text}" withdraws the consent although the flow lists only XQZ-UNSUB-9`, () => {
        const c = acceptedConversation(locale);
        const turn = c.send({ type: "text", text });
        expect(turn.consentEvents).toEqual([expect.objectContaining({ outcome: "withdraw", purpose: "lead" })]);
        expect(turn.state.status).toBe("ended");
      });
    }

    it(`${locale}: an ordinary answer is not taken for an opt-out`, () => {
      const c = acceptedConversation(locale);
      const turn = c.send({ type: "text", text: "Ada" });
      expect(turn.consentEvents).toEqual([]);
      expect(turn.state.status).not.toBe("ended");
    });
  }
});
