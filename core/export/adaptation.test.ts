import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CHANNELS, EXAMPLE_LEGAL, createFlowFromTemplate, type Channel, type FlowDocument } from "../flow";
import { Conversation, loadExport } from "../runtime";
import { MORE_PAYLOAD, buildExport, exportFlow, type ChannelPayload } from ".";

/*
 * Channel adaptation checked against the limits of PLATFORMS.md, written down here a
 * second time on purpose: this table is not the renderers' table, so a renderer that
 * trusts a wrong limit is caught.
 */
const PLATFORMS = {
  messenger: { text: 2000, quickReplies: 13, quickReplyTitle: 20, payload: 1000 },
  instagram: { textBytes: 1000, quickReplies: 13, quickReplyTitle: 20 },
  whatsapp: {
    text: 4096,
    body: 1024,
    replyButtons: 3,
    buttonTitle: 20,
    buttonId: 256,
    listRows: 10,
    rowTitle: 24,
    rowId: 200,
    listButton: 20,
  },
  telegram: { text: 4096, callbackDataBytes: 64 },
} as const;

const chars = (text: string) => [...text].length;
const bytes = (text: string) => new TextEncoder().encode(text).length;

const SENTENCE = "Unsere Beratung ist kostenlos und unverbindlich, und wir melden uns innerhalb eines Werktages bei Ihnen. ";
const LONG_TEXT = SENTENCE.repeat(40).slice(0, 3000).trim();
const OPTIONS = Array.from({ length: 14 }, (_, i) => ({ id: `opt-${i + 1}`, label: `Filiale ${i + 1}` }));

function adaptedFlow(): FlowDocument {
  const document = createFlowFromTemplate("default", { id: "adapt", name: "Adapt", locale: "de" });
  const welcome = document.nodes.find((n) => n.type === "message")!;
  const nodes = document.nodes.map((n) =>
    n.id === welcome.id ? { ...n, data: { ...n.data, text: LONG_TEXT } } : n,
  ) as FlowDocument["nodes"];
  const choice = {
    id: "branches",
    type: "choice",
    position: { x: 0, y: 0 },
    data: { text: "Welche Filiale?", options: OPTIONS },
  } as FlowDocument["nodes"][number];
  const end = { id: "bye", type: "end", position: { x: 0, y: 0 }, data: { text: "Danke!" } } as FlowDocument["nodes"][number];
  const edges = document.edges.filter((e) => e.source !== welcome.id);
  edges.push({ id: "w-c", source: welcome.id, sourceHandle: "next", target: "branches" });
  for (const option of OPTIONS) edges.push({ id: `c-${option.id}`, source: "branches", sourceHandle: option.id, target: "bye" });
  return { ...document, nodes: [...nodes, choice, end], edges };
}

/** Every limit of PLATFORMS.md one payload must respect; returns the breaches in words. */
function breaches(channel: Channel, payload: ChannelPayload): string[] {
  const out: string[] = [];
  const p = payload as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  if (channel === "messenger" || channel === "instagram") {
    const text: string = p.message.text;
    if (channel === "messenger" && chars(text) > PLATFORMS.messenger.text) out.push(`text ${chars(text)} chars`);
    if (channel === "instagram" && bytes(text) > PLATFORMS.instagram.textBytes) out.push(`text ${bytes(text)} bytes`);
    const replies: { title: string; payload: string }[] = p.message.quick_replies ?? [];
    if (replies.length > PLATFORMS[channel].quickReplies) out.push(`${replies.length} quick replies`);
    for (const r of replies) if (chars(r.title) > PLATFORMS[channel].quickReplyTitle) out.push(`title ${r.title}`);
    if (channel === "messenger") for (const r of replies) if (chars(r.payload) > PLATFORMS.messenger.payload) out.push("payload");
  } else if (channel === "whatsapp") {
    const limits = PLATFORMS.whatsapp;
    if (p.type === "text" && chars(p.text.body) > limits.text) out.push(`text ${chars(p.text.body)}`);
    if (p.type === "interactive") {
      if (chars(p.interactive.body.text) > limits.body) out.push(`body ${chars(p.interactive.body.text)}`);
      if (p.interactive.type === "button") {
        const buttons = p.interactive.action.buttons as { reply: { id: string; title: string } }[];
        if (buttons.length > limits.replyButtons) out.push(`${buttons.length} reply buttons`);
        for (const b of buttons) if (chars(b.reply.title) > limits.buttonTitle || chars(b.reply.id) > limits.buttonId) out.push("button");
      } else {
        const rows = (p.interactive.action.sections as { rows: { id: string; title: string }[] }[]).flatMap((s) => s.rows);
        if (rows.length > limits.listRows) out.push(`${rows.length} list rows`);
        for (const r of rows) if (chars(r.title) > limits.rowTitle || chars(r.id) > limits.rowId) out.push(`row ${r.title}`);
        if (chars(p.interactive.action.button) > limits.listButton) out.push("list button");
      }
    }
  } else {
    const text: string = p.text;
    if (chars(text) < 1 || chars(text) > PLATFORMS.telegram.text) out.push(`text ${chars(text)}`);
    for (const row of (p.reply_markup?.inline_keyboard ?? []) as { callback_data: string }[][]) {
      for (const b of row)
        if (bytes(b.callback_data) < 1 || bytes(b.callback_data) > PLATFORMS.telegram.callbackDataBytes) out.push("callback_data");
    }
  }
  return out;
}

describe("channel adaptation within PLATFORMS.md", () => {
  for (const channel of CHANNELS) {
    it(`${channel}: a 3,000-character text and a 14-option choice fit every limit, nothing lost, adaptations reported`, () => {
      const exported = buildExport(adaptedFlow(), { legal: EXAMPLE_LEGAL, channel, version: 1, diagnostics: [] });
      for (const step of exported.steps) {
        for (const payload of [...step.payloads, ...(step.resumePayloads ?? [])])
          expect(breaches(channel, payload), `${step.nodeId}`).toEqual([]);
      }
      // The long text arrives whole, in pieces that end at sentence ends.
      const welcome = exported.steps.find((s) => s.type === "message" && JSON.stringify(s.payloads).includes("Beratung"))!;
      const pieces = welcome.payloads.map((p) => JSON.stringify(p));
      if (channel !== "telegram" && channel !== "whatsapp") expect(pieces.length).toBeGreaterThan(1);
      const kinds = exported.adaptations.map((a) => a.kind);
      if (channel === "messenger" || channel === "instagram") expect(kinds).toEqual(expect.arrayContaining(["split", "pages"]));
      if (channel === "whatsapp") expect(kinds).toEqual(expect.arrayContaining(["list", "pages"]));
      for (const adaptation of exported.adaptations) expect(adaptation.message.length).toBeGreaterThan(10);

      // Every option can be reached through the pages ("Weitere Optionen …").
      const c = new Conversation(loadExport(exported), { subject: "u", now: Date.UTC(2026, 0, 1) });
      c.send({ type: "start" });
      const seen = new Set<string>();
      let turn = c.send({ type: "button", id: "accept" });
      for (let page = 0; page < 5; page++) {
        const last = turn.outgoing.at(-1)!;
        expect(last.kind).toBe("message");
        const payload = last.kind === "message" ? last.payloads.at(-1)! : {};
        expect(breaches(channel, payload)).toEqual([]);
        const ids = JSON.stringify(payload).match(/opt-\d+/g) ?? [];
        ids.forEach((id) => seen.add(id));
        const more = JSON.stringify(payload).match(new RegExp(`${MORE_PAYLOAD}:(\\d+)`));
        if (!more) break;
        expect(JSON.stringify(payload)).toContain("Weitere Optionen …");
        turn = c.send({ type: "button", id: more[0] });
      }
      expect(seen.size).toBe(14);
    });

    it(`${channel}: golden file of the adapted steps`, () => {
      const exported = buildExport(adaptedFlow(), { legal: EXAMPLE_LEGAL, channel, version: 1, diagnostics: [] });
      const adapted = new Set(exported.adaptations.map((a) => a.nodeId));
      const text = `${JSON.stringify({ adaptations: exported.adaptations, steps: exported.steps.filter((s) => adapted.has(s.nodeId)) }, null, 2)}\n`;
      const file = join(__dirname, "__golden__", `adapted.de.${channel}.json`);
      if (process.env.UPDATE_GOLDENS === "1" || !existsSync(file)) {
        writeFileSync(file, text);
        if (process.env.UPDATE_GOLDENS !== "1") throw new Error(`golden ${file} was missing and has been written; review and commit it`);
      }
      expect(text).toBe(readFileSync(file, "utf8"));
    });
  }
});

describe("one channel's export and another channel's limit", () => {
  it("adaptable limits warn but refuse no channel's export, and each export names only its own channel", () => {
    const document = adaptedFlow();
    expect(document.channels).toEqual(expect.arrayContaining(["messenger", "telegram", "whatsapp", "instagram"]));
    for (const channel of CHANNELS) {
      const result = exportFlow(document, { legal: EXAMPLE_LEGAL, channel, version: 1 });
      if (!result.ok) throw new Error(`${channel} export refused: ${result.diagnostics.map((d) => d.rule).join(", ")}`);
      const limits = result.export.report.diagnostics.filter((d) => d.rule === "channel.limits");
      expect(limits.every((d) => d.severity === "warning")).toBe(true);
      // Telegram holds 4,096 characters and any number of buttons, WhatsApp texts 4,096: nothing to split there.
      const welcome = document.nodes.find((n) => n.type === "message")!.id;
      const expected = { telegram: [], whatsapp: ["branches"], messenger: ["branches", welcome], instagram: ["branches", welcome] }[
        channel
      ];
      expect(limits.map((d) => d.nodeId).sort()).toEqual([...expected].sort());
      const others = CHANNELS.filter((c) => c !== channel).map((c) => c[0].toUpperCase() + c.slice(1));
      for (const d of limits) for (const other of others) expect(d.message).not.toContain(`${other}:`);
    }
  });

  it("a label no channel can show is still an error that refuses that channel's export, but not another channel's", () => {
    const document = adaptedFlow();
    const nodes = document.nodes.map((n) =>
      n.id === "branches" && n.type === "choice"
        ? {
            ...n,
            data: { ...n.data, options: n.data.options.map((o, i) => (i === 0 ? { ...o, label: "Filiale am Hauptbahnhof Nord" } : o)) },
          }
        : n,
    ) as FlowDocument["nodes"];
    const broken = { ...document, nodes };
    const messenger = exportFlow(broken, { legal: EXAMPLE_LEGAL, channel: "messenger", version: 1 });
    expect(messenger.ok).toBe(false);
    expect(messenger.diagnostics.filter((d) => d.severity === "error").map((d) => d.rule)).toEqual(["channel.limits"]);
    // Telegram buttons carry long labels; only callback_data is limited.
    expect(exportFlow(broken, { legal: EXAMPLE_LEGAL, channel: "telegram", version: 1 }).ok).toBe(true);
  });
});
