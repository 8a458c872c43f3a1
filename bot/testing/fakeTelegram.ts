import type http from "node:http";
import { listen, sendJson } from "./server";

/*
 * A fake Telegram Bot API on loopback. It records every call and checks it against
 * the documented request shapes and limits (core.telegram.org/bots/api): sendMessage
 * text 1–4096 characters, inline keyboard callback_data 1–64 bytes, setMyCommands
 * commands 1–32 characters of a–z, 0–9 and _, descriptions 1–256 characters, and
 * no more than about 30 messages per second overall. A
 * scripted user writes messages and presses only buttons the bot actually showed.
 */

export interface TelegramCall {
  method: string;
  body: Record<string, unknown>;
  at: number;
}

interface Update {
  update_id: number;
  [key: string]: unknown;
}

const bytes = (text: string) => Buffer.byteLength(text, "utf8");
const chars = (text: string) => [...text].length;

export function checkTelegramCall(method: string, body: Record<string, unknown>): string[] {
  const problems: string[] = [];
  if (method === "sendMessage") {
    if (typeof body.chat_id !== "number" && typeof body.chat_id !== "string") problems.push("sendMessage: chat_id missing");
    const text = body.text;
    if (typeof text !== "string" || chars(text) < 1 || chars(text) > 4096) problems.push(`sendMessage: text must be 1–4096 characters`);
    if ("parse_mode" in body && !["MarkdownV2", "HTML", "Markdown"].includes(String(body.parse_mode)))
      problems.push("sendMessage: unknown parse_mode");
    const markup = body.reply_markup as { inline_keyboard?: unknown } | undefined;
    if (markup !== undefined) {
      const rows = markup.inline_keyboard;
      if (!Array.isArray(rows) || rows.some((row) => !Array.isArray(row)))
        problems.push("sendMessage: inline_keyboard must be an array of rows");
      else
        for (const button of rows.flat() as { text?: unknown; callback_data?: unknown }[]) {
          if (typeof button.text !== "string" || button.text === "") problems.push("inline button without text");
          if (typeof button.callback_data !== "string" || bytes(button.callback_data) < 1 || bytes(button.callback_data) > 64)
            problems.push(`callback_data must be 1–64 bytes: ${JSON.stringify(button.callback_data)}`);
        }
    }
  } else if (method === "setMyCommands") {
    const commands = body.commands;
    if (!Array.isArray(commands) || commands.length < 1 || commands.length > 100) problems.push("setMyCommands: 1–100 commands");
    else
      for (const command of commands as { command?: unknown; description?: unknown }[]) {
        if (typeof command.command !== "string" || !/^[a-z0-9_]{1,32}$/.test(command.command))
          problems.push(`bad command ${JSON.stringify(command.command)}`);
        if (typeof command.description !== "string" || chars(command.description) < 1 || chars(command.description) > 256)
          problems.push(`bad description for ${String(command.command)}`);
      }
  } else if (method === "answerCallbackQuery") {
    if (typeof body.callback_query_id !== "string") problems.push("answerCallbackQuery: callback_query_id missing");
  } else if (method === "getUpdates") {
    if (body.offset !== undefined && typeof body.offset !== "number") problems.push("getUpdates: offset must be a number");
    if (typeof body.timeout === "number" && (body.timeout < 0 || body.timeout > 50)) problems.push("getUpdates: timeout out of range");
  } else if (method !== "getMe") problems.push(`unexpected method ${method}`);
  return problems;
}

export async function fakeTelegram(options: { token: string }) {
  const calls: TelegramCall[] = [];
  const violations: string[] = [];
  const updates: Update[] = [];
  let nextUpdateId = 1000;
  let nextMessageId = 1;
  let failures: { method: string; status: number; left: number } | null = null;
  const waiting = new Set<() => void>();
  const wake = () => waiting.forEach((resolve) => resolve());

  async function handle(req: http.IncomingMessage, json: unknown, res: http.ServerResponse) {
    const match = /^\/bot([^/]+)\/(\w+)$/.exec(new URL(req.url ?? "/", "http://x").pathname);
    if (!match || match[1] !== options.token) return sendJson(res, 404, { ok: false, error_code: 404, description: "Not Found" });
    const method = match[2];
    const body = (json ?? {}) as Record<string, unknown>;
    if (method !== "getUpdates") calls.push({ method, body, at: Date.now() });
    if (method === "sendMessage") {
      const now = Date.now();
      const lastSecond = calls.filter((c) => c.method === "sendMessage" && now - c.at < 1000).length;
      if (lastSecond > 30) violations.push(`${lastSecond} messages within one second (Telegram allows about 30)`);
    }
    violations.push(...checkTelegramCall(method, body));
    if (failures && failures.method === method && failures.left > 0) {
      failures.left--;
      return sendJson(res, failures.status, {
        ok: false,
        error_code: failures.status,
        description: failures.status === 429 ? "Too Many Requests: retry after 1" : "Bad Gateway",
        ...(failures.status === 429 ? { parameters: { retry_after: 1 } } : {}),
      });
    }
    switch (method) {
      case "getMe":
        return sendJson(res, 200, {
          ok: true,
          result: { id: 42, is_bot: true, first_name: "Flowguard test bot", username: "fg_test_bot" },
        });
      case "getUpdates": {
        const offset = typeof body.offset === "number" ? body.offset : 0;
        // Confirmed updates are forgotten, as Telegram does.
        while (updates.length > 0 && updates[0].update_id < offset) updates.shift();
        if (updates.length === 0 && typeof body.timeout === "number" && body.timeout > 0) {
          await new Promise<void>((resolve) => {
            const done = () => (waiting.delete(done), clearTimeout(timer), resolve());
            const timer = setTimeout(done, (body.timeout as number) * 1000);
            waiting.add(done);
            req.once("close", done);
          });
        }
        return sendJson(res, 200, { ok: true, result: updates.filter((u) => u.update_id >= offset).slice(0, 100) });
      }
      case "sendMessage":
        return sendJson(res, 200, {
          ok: true,
          result: {
            message_id: nextMessageId++,
            chat: { id: body.chat_id, type: "private" },
            date: Math.floor(Date.now() / 1000),
            text: body.text,
          },
        });
      default:
        return sendJson(res, 200, { ok: true, result: true });
    }
  }

  const server = await listen((req, body, res) => handle(req, body.json, res));
  const sent = (chat: number) => calls.filter((c) => c.method === "sendMessage" && c.body.chat_id === chat);
  return {
    url: server.url,
    calls,
    violations,
    close: async () => {
      wake();
      await server.close();
    },
    /** Texts the bot sent to a chat, in order. */
    texts: (chat: number) => sent(chat).map((c) => String(c.body.text)),
    /** The user writes a message. */
    userSends(chat: number, text: string) {
      updates.push({
        update_id: nextUpdateId++,
        message: {
          message_id: nextMessageId++,
          date: Math.floor(Date.now() / 1000),
          chat: { id: chat, type: "private" },
          from: { id: chat, is_bot: false, first_name: "Test" },
          text,
        },
      });
      wake();
    },
    /** The user presses the button labelled `label` under the latest message that has it. */
    userPresses(chat: number, label: string) {
      const message = [...sent(chat)]
        .reverse()
        .find((c) =>
          ((c.body.reply_markup as { inline_keyboard?: { text: string }[][] } | undefined)?.inline_keyboard ?? [])
            .flat()
            .some((b) => b.text === label),
        );
      if (!message) throw new Error(`The bot never showed a button "${label}" to chat ${chat}`);
      const button = (message.body.reply_markup as { inline_keyboard: { text: string; callback_data: string }[][] }).inline_keyboard
        .flat()
        .find((b) => b.text === label)!;
      updates.push({
        update_id: nextUpdateId++,
        callback_query: {
          id: `cq-${nextUpdateId}`,
          from: { id: chat, is_bot: false, first_name: "Test" },
          message: { message_id: 1, chat: { id: chat, type: "private" }, date: 0 },
          chat_instance: "ci",
          data: button.callback_data,
        },
      });
      wake();
    },
    /** The next `count` calls of `method` fail with `status` (429 carries retry_after). */
    fail(method: string, status: number, count: number) {
      failures = { method, status, left: count };
    },
  };
}
export type FakeTelegram = Awaited<ReturnType<typeof fakeTelegram>>;
