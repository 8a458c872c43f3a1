import crypto from "node:crypto";
import { listen, sendJson } from "./server";

/*
 * A fake WhatsApp Cloud API (Graph API /{phone-number-id}/messages) on loopback that
 * records what the bot sends and checks it against the documented shapes and limits
 * (developers.facebook.com/docs/whatsapp/cloud-api/reference/messages): text body at
 * most 4,096 characters; reply buttons 1–3, title 1–20, id 1–256; interactive body
 * 1,024; list button 20, at most 10 rows, row title 24, row id 200, description 72.
 * The scripted user's messages reach the bot as signed webhook notifications.
 */

const chars = (text: unknown) => (typeof text === "string" ? [...text].length : -1);

export function checkWhatsAppMessage(body: Record<string, unknown>): string[] {
  const problems: string[] = [];
  if (body.messaging_product !== "whatsapp") problems.push('messaging_product must be "whatsapp"');
  if (body.recipient_type !== undefined && body.recipient_type !== "individual") problems.push("recipient_type must be individual");
  if (typeof body.to !== "string" || !/^\+?\d{5,20}$/.test(body.to)) problems.push(`to must be a WhatsApp id: ${JSON.stringify(body.to)}`);
  if (body.type === "text") {
    const text = body.text as { body?: unknown } | undefined;
    if (chars(text?.body) < 1 || chars(text?.body) > 4096) problems.push("text.body must be 1–4096 characters");
  } else if (body.type === "interactive") {
    const interactive = body.interactive as { type?: string; body?: { text?: unknown }; action?: Record<string, unknown> } | undefined;
    if (chars(interactive?.body?.text) < 1 || chars(interactive?.body?.text) > 1024)
      problems.push("interactive.body.text must be 1–1024 characters");
    if (interactive?.type === "button") {
      const buttons = (interactive.action?.buttons ?? []) as { type?: string; reply?: { id?: unknown; title?: unknown } }[];
      if (buttons.length < 1 || buttons.length > 3) problems.push("reply buttons: 1–3");
      for (const button of buttons) {
        if (button.type !== "reply") problems.push("button type must be reply");
        if (chars(button.reply?.title) < 1 || chars(button.reply?.title) > 20)
          problems.push(`button title 1–20: ${JSON.stringify(button.reply?.title)}`);
        if (chars(button.reply?.id) < 1 || chars(button.reply?.id) > 256) problems.push("button id 1–256");
      }
      const ids = buttons.map((b) => b.reply?.id);
      if (new Set(ids).size !== ids.length) problems.push("button ids must be unique");
    } else if (interactive?.type === "list") {
      const action = interactive.action as {
        button?: unknown;
        sections?: { title?: unknown; rows?: { id?: unknown; title?: unknown; description?: unknown }[] }[];
      };
      if (chars(action.button) < 1 || chars(action.button) > 20) problems.push("list button 1–20");
      const sections = action.sections ?? [];
      if (sections.length < 1 || sections.length > 10) problems.push("list sections 1–10");
      if (sections.length > 1 && sections.some((s) => chars(s.title) < 1 || chars(s.title) > 24))
        problems.push("section titles 1–24 when more than one");
      const rows = sections.flatMap((s) => s.rows ?? []);
      if (rows.length < 1 || rows.length > 10) problems.push("list rows 1–10 in total");
      for (const row of rows) {
        if (chars(row.title) < 1 || chars(row.title) > 24) problems.push(`row title 1–24: ${JSON.stringify(row.title)}`);
        if (chars(row.id) < 1 || chars(row.id) > 200) problems.push("row id 1–200");
        if (row.description !== undefined && chars(row.description) > 72) problems.push("row description at most 72");
      }
    } else problems.push(`unsupported interactive type ${String(interactive?.type)}`);
  } else problems.push(`unexpected message type ${String(body.type)}`);
  return problems;
}

/** The X-Hub-Signature-256 header Meta sends with a webhook body. */
export function signatureOf(secret: string, body: string): string {
  return `sha256=${crypto.createHmac("sha256", secret).update(body).digest("hex")}`;
}

export async function fakeWhatsApp(options: { accessToken: string; phoneNumberId: string; appSecret: string }) {
  const sent: Record<string, unknown>[] = [];
  const violations: string[] = [];
  let nextId = 1;
  const server = await listen((req, body, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    if (!/^\/v\d+\.\d+\/[^/]+\/messages$/.test(path) || req.method !== "POST")
      return sendJson(res, 404, { error: { message: "Unknown path", code: 100 } });
    if (req.headers.authorization !== `Bearer ${options.accessToken}`)
      return sendJson(res, 401, { error: { message: "Invalid OAuth access token.", type: "OAuthException", code: 190 } });
    if (!path.includes(`/${options.phoneNumberId}/`))
      return sendJson(res, 400, { error: { message: "Unknown phone number id", code: 100 } });
    if (req.headers["content-type"] !== "application/json") violations.push("content-type must be application/json");
    const message = (body.json ?? {}) as Record<string, unknown>;
    const problems = checkWhatsAppMessage(message);
    violations.push(...problems);
    if (problems.length > 0) return sendJson(res, 400, { error: { message: problems.join("; "), code: 131009 } });
    sent.push(message);
    return sendJson(res, 200, {
      messaging_product: "whatsapp",
      contacts: [{ input: message.to, wa_id: message.to }],
      messages: [{ id: `wamid.out-${nextId++}` }],
    });
  });

  let inboundId = 1;
  /** A webhook notification as Meta sends it for one user message. */
  const notification = (from: string, message: Record<string, unknown>) => ({
    object: "whatsapp_business_account",
    entry: [
      {
        id: "WABA-1",
        changes: [
          {
            field: "messages",
            value: {
              messaging_product: "whatsapp",
              metadata: { display_phone_number: "4930000000", phone_number_id: options.phoneNumberId },
              contacts: [{ profile: { name: "Test" }, wa_id: from }],
              messages: [{ from, id: `wamid.in-${inboundId++}`, timestamp: String(Math.floor(Date.now() / 1000)), ...message }],
            },
          },
        ],
      },
    ],
  });

  /** Posts a notification to the bot's webhook, signed with `secret` (the app secret unless forged). */
  async function deliver(webhookUrl: string, payload: unknown, secret = options.appSecret) {
    const raw = JSON.stringify(payload);
    return fetch(webhookUrl, {
      method: "POST",
      headers: { "content-type": "application/json", "x-hub-signature-256": signatureOf(secret, raw) },
      body: raw,
    });
  }

  const textOf = (m: Record<string, unknown>) =>
    m.type === "text" ? String((m.text as { body: string }).body) : String((m.interactive as { body: { text: string } }).body.text);
  return {
    url: server.url,
    graphUrl: `${server.url}/v23.0`,
    sent,
    violations,
    close: server.close,
    notification,
    deliver,
    texts: (to: string) => sent.filter((m) => m.to === to).map(textOf),
    /** The user writes a text. */
    userSends: (webhookUrl: string, from: string, text: string) =>
      deliver(webhookUrl, notification(from, { type: "text", text: { body: text } })),
    /** The user taps the reply button or list row titled `title` in the latest message that has it. */
    userTaps(webhookUrl: string, from: string, title: string) {
      const options = [...sent]
        .reverse()
        .filter((m) => m.to === from && m.type === "interactive")
        .map(
          (m) =>
            m.interactive as {
              type: string;
              action: { buttons?: { reply: { id: string; title: string } }[]; sections?: { rows: { id: string; title: string }[] }[] };
            },
        )
        .map((i) =>
          i.type === "button"
            ? { kind: "button_reply", choices: (i.action.buttons ?? []).map((b) => b.reply) }
            : { kind: "list_reply", choices: (i.action.sections ?? []).flatMap((s) => s.rows) },
        )
        .find((o) => o.choices.some((c) => c.title === title));
      if (!options) throw new Error(`The bot never offered "${title}" to ${from}`);
      const choice = options.choices.find((c) => c.title === title)!;
      return deliver(
        webhookUrl,
        notification(from, {
          type: "interactive",
          interactive: { type: options.kind, [options.kind]: { id: choice.id, title: choice.title } },
        }),
      );
    },
  };
}
export type FakeWhatsApp = Awaited<ReturnType<typeof fakeWhatsApp>>;
