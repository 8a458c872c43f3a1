import { describe, expect, it } from "vitest";
import { RENDERERS, speechOf } from "../../export";
import { CHANNEL_LIMITS, countUtf8Bytes } from "../channelLimits";
import { findingsOf, flow, step } from "../testFlows";

const RULE = "channel.limits";
const options = (count: number) => Array.from({ length: count }, (_, k) => ({ id: `o${k}`, label: `Option ${k}` }));

describe(RULE, () => {
  it("accepts texts and buttons within every channel's limits", () => {
    const doc = flow([step("message", "m"), step("choice", "c", { options: options(3) })], [], {
      channels: ["messenger", "whatsapp", "telegram", "instagram"],
    });
    expect(findingsOf(RULE, doc)).toEqual([]);
  });

  it("warns that an overlong text is split, naming the step, field, channel, limit and number of messages", () => {
    const doc = flow([step("message", "long", { text: "a ".repeat(CHANNEL_LIMITS.messenger.text.max).trim() + " end." })], [], {
      channels: ["messenger"],
    });
    const [finding] = findingsOf(RULE, doc);
    expect(finding).toMatchObject({ rule: RULE, severity: "warning", nodeId: "long" });
    expect(finding.message).toMatch(/the text is too long.*4,004 characters.*Messenger: 3 messages of at most 2,000 characters/s);
  });

  it("finds the shortest texts, labels and ids that break a limit (where steps stop being certain to fit)", () => {
    const channels = ["messenger", "whatsapp", "telegram", "instagram"] as const;
    // 334 euro signs: 334 characters, 1,002 bytes (Instagram counts bytes, at most 1,000); 333 fit.
    const text = (count: number) => flow([step("message", "m", { text: "€".repeat(count) })], [], { channels: ["instagram"] });
    expect(findingsOf(RULE, text(333))).toEqual([]);
    expect(findingsOf(RULE, text(334))[0].message).toContain("Instagram: 2 messages of at most 1,000 bytes");
    // A 21-character label is too long for a quick reply; a 22-euro id (66 bytes) for Telegram's callback data.
    const choice = (label: string, id: string) =>
      flow([step("choice", "c", { options: [{ id, label }, ...options(2)] })], [], { channels: [...channels] });
    expect(findingsOf(RULE, choice("x".repeat(20), "€".repeat(21)))).toEqual([]);
    expect(findingsOf(RULE, choice("x".repeat(21), "ok"))[0].message).toContain("quick reply titles");
    expect(findingsOf(RULE, choice("ok", "€".repeat(22)))[0].message).toContain("Telegram");
    // Eleven options are more than a WhatsApp list holds; ten fit.
    const many = (count: number) => flow([step("choice", "c", { options: options(count) })], [], { channels: [...channels] });
    expect(findingsOf(RULE, many(10))).toEqual([]);
    expect(findingsOf(RULE, many(11))).toHaveLength(1);
    // The consent's answers are buttons too.
    const consent = flow([step("consent", "k", { acceptLabel: "y".repeat(21) })], [], { channels: ["messenger"] });
    expect(findingsOf(RULE, consent)[0].message).toContain("quick reply titles");
  });

  it("counts UTF-8 bytes on Instagram and characters elsewhere", () => {
    const text = "ü".repeat(600); // 600 characters, 1,200 bytes
    const doc = (channel: "instagram" | "messenger") => flow([step("message", "m", { text })], [], { channels: [channel] });
    expect(findingsOf(RULE, doc("instagram"))[0].message).toContain("Instagram: 2 messages of at most 1,000 bytes");
    expect(findingsOf(RULE, doc("messenger"))).toEqual([]);
  });

  it("uses WhatsApp lists for 4–10 options and warns that more than 10 are shown on pages", () => {
    const fits = flow([step("choice", "c", { options: options(8) })], [], { channels: ["whatsapp"] });
    const tooMany = flow([step("choice", "c", { options: options(11) })], [], { channels: ["whatsapp"] });
    expect(findingsOf(RULE, fits)).toEqual([]);
    const [finding] = findingsOf(RULE, tooMany);
    expect(finding.severity).toBe("warning");
    expect(finding.message).toMatch(/11 options.*More options.*WhatsApp: 2 pages of list messages \(at most 10\)/s);
  });

  it("names the adaptation per channel in both languages: pages of quick replies and of list rows", () => {
    const doc = flow([step("choice", "c", { options: options(14) })], [], { channels: ["messenger", "whatsapp", "telegram", "instagram"] });
    const [en] = findingsOf(RULE, doc);
    expect(en.severity).toBe("warning");
    // 13 quick replies: 12 options and "more" per page; 10 rows: 9 and "more".
    expect(en.message).toContain("Messenger: 2 pages of quick replies (at most 13), WhatsApp: 2 pages of list messages (at most 10)");
    expect(en.message).toContain("Instagram: 2 pages");
    const [de] = findingsOf(RULE, { ...doc, locale: "de" });
    expect(de.message).toMatch(/14 Optionen.*„Weitere Optionen …“.*Messenger: 2 Seiten Schnellantworten \(höchstens 13 je Seite\)/s);
  });

  it("keeps labels and ids that no adaptation can send as errors, apart from the adapted warnings of the same step", () => {
    const long = [{ id: "x", label: "A label far longer than twenty" }, ...options(13)];
    const doc = flow([step("choice", "c", { text: "Which? ".repeat(400), options: long })], [], { channels: ["messenger"] });
    const findings = findingsOf(RULE, doc);
    expect(findings.map((f) => [f.severity, f.path ?? null, /quick reply titles/.test(f.message)])).toEqual([
      ["warning", null, false],
      ["warning", null, false],
      ["error", null, true],
    ]);
  });

  it("flags button titles, list rows and Telegram callback data", () => {
    const longLabel = [{ id: "x", label: "A label far longer than twenty" }, ...options(1)];
    const doc = flow(
      [
        step("choice", "buttons", { options: longLabel }),
        step("choice", "ids", { options: [{ id: "x".repeat(65), label: "ok" }] }),
        step("consent", "consent", { acceptLabel: "Yes, I agree to absolutely everything" }),
      ],
      [],
      { channels: ["messenger", "telegram"] },
    );
    const findings = findingsOf(RULE, doc);
    expect(findings.map((d) => d.nodeId)).toEqual(["buttons", "ids", "consent"]);
    expect(findings.map((d) => d.severity)).toEqual(["error", "error", "error"]);
    expect(findings[1].message).toContain("Telegram");
    expect(findings[2].message).toContain('"yes" label');
  });

  it("checks nothing for a flow without channels", () => {
    const doc = flow([step("message", "m", { text: "a".repeat(5000) })], [], { channels: [] });
    expect(findingsOf(RULE, doc)).toEqual([]);
  });
  it("agrees with the renderers: what passes is sent as the rule assumes", () => {
    // At the limits: 3 and 4 options, the longest WhatsApp row title, 64-byte Telegram data.
    const edge = [
      step("choice", "three", { options: options(3) }),
      step("choice", "four", { options: options(4) }),
      step("choice", "row", { options: [...options(3), { id: "r", label: "x".repeat(CHANNEL_LIMITS.whatsapp.listRowTitle.max) }] }),
      step("choice", "bytes", { options: [{ id: "é".repeat(32), label: "ok" }] }),
    ];
    const doc = flow([edge[0], edge[1], edge[3]], [], { channels: ["messenger", "whatsapp", "telegram", "instagram"] });
    expect(findingsOf(RULE, doc)).toEqual([]);
    expect(findingsOf(RULE, flow([edge[2]], [], { channels: ["whatsapp"] }))).toEqual([]);
    const render = (channel: keyof typeof RENDERERS, node: (typeof edge)[number]) =>
      RENDERERS[channel].render(speechOf(node, { privacyPolicyUrl: "" })!, { locale: "en", nodeId: node.id }).payloads.at(-1) as unknown;
    expect(render("whatsapp", edge[0])).toMatchObject({ interactive: { type: "button" } });
    expect(render("whatsapp", edge[1])).toMatchObject({ interactive: { type: "list" } });
    expect(render("whatsapp", edge[2])).toMatchObject({ interactive: { type: "list" } });
    const telegram = render("telegram", edge[3]) as { reply_markup: { inline_keyboard: { callback_data: string }[][] } };
    expect(countUtf8Bytes(telegram.reply_markup.inline_keyboard[0][0].callback_data)).toBe(CHANNEL_LIMITS.telegram.callbackData.max);
    expect(render("messenger", edge[1])).toMatchObject({
      message: { quick_replies: expect.arrayContaining([expect.objectContaining({ payload: "o0" })]) },
    });
  });
});
