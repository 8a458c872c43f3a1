import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatDiagnostic, validate } from "../compliance";
import { CHANNEL_LIMITS, countUtf8Bytes } from "../compliance/channelLimits";
import { CHANNELS, EXAMPLE_LEGAL, LOCALES, TEMPLATE_IDS, createFlowFromTemplate, type FlowDocument } from "../flow";
import {
  ZFlowguardExport,
  buildExport,
  canonicalJson,
  contentHashOf,
  exportFlow,
  exportJsonSchema,
  sha256Hex,
  splitText,
  substituteVariables,
} from ".";

/*
 * Golden files: each renderer on every template, in both languages. A change to an
 * export shows up as a diff of these files; regenerate them deliberately with
 * UPDATE_GOLDENS=1 and review the diff like code.
 */
const GOLDEN_DIR = join(__dirname, "__golden__");
const UPDATE = process.env.UPDATE_GOLDENS === "1";

function templateFlow(templateId: (typeof TEMPLATE_IDS)[number], locale: (typeof LOCALES)[number]): FlowDocument {
  return createFlowFromTemplate(templateId, { id: `golden-${templateId}`, name: `Golden ${templateId}`, locale });
}

describe("export goldens", () => {
  for (const templateId of TEMPLATE_IDS) {
    for (const locale of LOCALES) {
      for (const channel of [...CHANNELS, null]) {
        const name = `${templateId}.${locale}.${channel ?? "canonical"}.json`;
        it(name, () => {
          const result = exportFlow(templateFlow(templateId, locale), {
            legal: EXAMPLE_LEGAL,
            channel,
            version: 1,
            publishedAt: "2026-01-01T00:00:00.000Z",
          });
          if (!result.ok)
            throw new Error(
              `template ${templateId} does not export: ${result.diagnostics.map((d) => formatDiagnostic(d, "en")).join("; ")}`,
            );
          expect(ZFlowguardExport.safeParse(result.export).success).toBe(true);
          const text = `${JSON.stringify(result.export, null, 2)}\n`;
          const file = join(GOLDEN_DIR, name);
          if (UPDATE || !existsSync(file)) {
            mkdirSync(GOLDEN_DIR, { recursive: true });
            writeFileSync(file, text);
            if (!UPDATE) throw new Error(`golden ${name} was missing and has been written; review and commit it`);
          }
          expect(text).toBe(readFileSync(file, "utf8"));
        });
      }
    }
  }
});

describe("export content", () => {
  const document = templateFlow("leadCapture", "de");

  it("fills the controller name, never leaving the placeholder in any text", () => {
    const text = JSON.stringify(buildExport(document, { legal: EXAMPLE_LEGAL, channel: "messenger", version: 1 }));
    expect(text).not.toContain("{company}");
    expect(text).toContain(EXAMPLE_LEGAL.controller.name);
  });

  it("hashes each consent text and both labels exactly as shown", () => {
    const exported = buildExport(document, { legal: EXAMPLE_LEGAL, channel: "telegram", version: 1 });
    for (const consent of exported.consents) {
      const shown = JSON.stringify([consent.text, consent.acceptLabel, consent.declineLabel]);
      expect(consent.textHash).toBe(createHash("sha256").update(shown, "utf8").digest("hex"));
      const step = exported.steps.find((s) => s.nodeId === consent.nodeId)!;
      expect(step.payloads.at(-1)).toMatchObject({
        text: consent.text,
        reply_markup: {
          inline_keyboard: [
            [{ text: consent.acceptLabel, callback_data: "accept" }],
            [{ text: consent.declineLabel, callback_data: "decline" }],
          ],
        },
      });
    }
  });

  it("refuses a flow with errors and lists them", () => {
    const result = exportFlow(document, { legal: { ...EXAMPLE_LEGAL, impressumUrl: "" }, channel: "whatsapp", version: 1 });
    expect(result.ok).toBe(false);
    expect(result.diagnostics.map((d) => d.rule)).toContain("legal.links");
  });

  it("uses a WhatsApp list for 4–10 options and reports it as a warning", () => {
    const options = Array.from({ length: 5 }, (_, k) => ({ id: `o${k}`, label: `Option ${k}` }));
    const withChoice: FlowDocument = {
      ...document,
      nodes: [...document.nodes, { id: "pick", type: "choice", position: { x: 0, y: 0 }, data: { text: "Welche?", options } }],
    };
    const exported = buildExport(withChoice, { legal: EXAMPLE_LEGAL, channel: "whatsapp", version: 1 });
    const step = exported.steps.find((s) => s.nodeId === "pick")!;
    expect(step.payloads[0]).toMatchObject({ type: "interactive", interactive: { type: "list" } });
    expect(exported.adaptations).toEqual([expect.objectContaining({ nodeId: "pick", kind: "list" })]);
    expect(exported.report.diagnostics).toContainEqual(expect.objectContaining({ nodeId: "pick", severity: "warning" }));
  });

  it("sends Telegram callback_data as the option id, within the bytes channel.limits checks", () => {
    const id = "ä".repeat(32); // 64 bytes: the limit exactly
    const options = [{ id, label: "A" }];
    const doc: FlowDocument = {
      ...document,
      channels: ["telegram"],
      nodes: [...document.nodes, { id: "pick", type: "choice", position: { x: 0, y: 0 }, data: { text: "?", options } }],
    };
    expect(validate(doc, EXAMPLE_LEGAL).filter((d) => d.rule === "channel.limits")).toEqual([]);
    const exported = buildExport(doc, { legal: EXAMPLE_LEGAL, channel: "telegram", version: 1 });
    const payload = exported.steps.find((s) => s.nodeId === "pick")!.payloads[0] as {
      reply_markup: { inline_keyboard: { callback_data: string }[][] };
    };
    const data = payload.reply_markup.inline_keyboard[0][0].callback_data;
    expect(data).toBe(id);
    expect(countUtf8Bytes(data)).toBeLessThanOrEqual(CHANNEL_LIMITS.telegram.callbackData.max);
  });

  it("generates a JSON Schema that names the format", () => {
    const schema = exportJsonSchema();
    expect(schema.$schema).toContain("2020-12");
    expect(JSON.stringify(schema)).toContain("flowguard.export/v1");
  });
});

describe("hashing and text helpers", () => {
  it("computes SHA-256 like Node's crypto, for ASCII, umlauts, emoji and block edges", () => {
    for (const text of ["", "abc", "Einwilligung für Newsletter ✅ 🎉", "x".repeat(55), "y".repeat(56), "z".repeat(64), "ü".repeat(1000)]) {
      expect(sha256Hex(text)).toBe(createHash("sha256").update(text, "utf8").digest("hex"));
    }
  });

  it("hashes documents independent of key order", () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe('{"a":[{"c":3,"d":2}],"b":1}');
    expect(contentHashOf({ a: 1, b: 2 })).toBe(contentHashOf({ b: 2, a: 1 }));
  });

  it("writes canonical JSON that parses back to the value, without undefined members, with keys in code-unit order", () => {
    const value = { é: [1, undefined, null, 'a\u2028"b'], z: undefined, E: { y: 2.5, x: [] }, "": true, "10": {}, "9": -0 };
    const text = canonicalJson(value);
    expect(text).toBe('{"":true,"10":{},"9":0,"E":{"x":[],"y":2.5},"é":[1,null,null,"a\u2028\\"b"]}');
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
  });

  it("splits long texts at sentence ends within the limit", () => {
    const sentence = "Das ist ein Satz. ";
    const pieces = splitText(sentence.repeat(20).trim(), 50, (t) => t.length);
    expect(pieces.length).toBeGreaterThan(1);
    for (const piece of pieces) {
      expect(piece.length).toBeLessThanOrEqual(50);
      expect(piece.endsWith(".")).toBe(true);
    }
    expect(splitText("short", 50, (t) => t.length)).toEqual(["short"]);
    expect(splitText("a".repeat(120), 50, (t) => t.length).join("")).toBe("a".repeat(120));
  });

  it("fills variables once, as plain text", () => {
    expect(substituteVariables("Hi {{name}}, {{ missing }}!", { name: "{{email}}" })).toBe("Hi {{email}}, !");
    expect(substituteVariables("{{name}}", { name: "<b>x</b>\u0007\u202e" })).toBe("<b>x</b>");
    expect(substituteVariables("{{name}}", { name: "a".repeat(600) })).toHaveLength(501);
  });
});
