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

  it("names the step, field, channel and limit for an overlong text", () => {
    const doc = flow([step("message", "long", { text: "a".repeat(CHANNEL_LIMITS.messenger.text.max + 1) })], [], {
      channels: ["messenger"],
    });
    const [finding] = findingsOf(RULE, doc);
    expect(finding).toMatchObject({ rule: RULE, severity: "error", nodeId: "long" });
    expect(finding.message).toMatch(/text.*Messenger.*2,000 characters/s);
  });

  it("counts UTF-8 bytes on Instagram and characters elsewhere", () => {
    const text = "ü".repeat(600); // 600 characters, 1,200 bytes
    const doc = (channel: "instagram" | "messenger") => flow([step("message", "m", { text })], [], { channels: [channel] });
    expect(findingsOf(RULE, doc("instagram"))[0].message).toContain("1,000 bytes");
    expect(findingsOf(RULE, doc("messenger"))).toEqual([]);
  });

  it("uses WhatsApp lists for 4–10 options and flags more than 10", () => {
    const fits = flow([step("choice", "c", { options: options(8) })], [], { channels: ["whatsapp"] });
    const tooMany = flow([step("choice", "c", { options: options(11) })], [], { channels: ["whatsapp"] });
    expect(findingsOf(RULE, fits)).toEqual([]);
    expect(findingsOf(RULE, tooMany)[0].message).toMatch(/11 options.*WhatsApp.*10/s);
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
