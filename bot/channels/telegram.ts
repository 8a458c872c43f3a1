import type { Logger } from "pino";
import type { TelegramConfig } from "../config";
import { DeliveryError, backoffMs, request, sleep, type HttpResult } from "../http";
import type { ChannelProfile, RuntimeEvent } from "../runtime";
import type { ChannelAdapter, InboundHandler } from "./types";

/*
 * Telegram Bot API over long polling (getUpdates): no public address needed. The
 * offset of the next update is stored in the same transaction as the update's turn,
 * so after a crash Telegram delivers exactly the updates not yet handled.
 */

/** 1,000 ms / 30 messages, rounded up. */
const SEND_SPACING_MS = 34;

interface TelegramUpdate {
  update_id: number;
  message?: { message_id: number; chat: { id: number }; text?: string };
  callback_query?: { id: string; data?: string; message?: { chat: { id: number } }; from: { id: number } };
}

export class TelegramAdapter implements ChannelAdapter {
  private readonly abort = new AbortController();
  private loop: Promise<void> | null = null;

  constructor(
    private readonly config: TelegramConfig,
    private readonly options: { timeoutMs: number; log: Logger; offset: { get(): string | undefined; set(value: string): void } },
  ) {}

  private async call(method: string, body: Record<string, unknown>, timeoutMs = this.options.timeoutMs): Promise<unknown> {
    const result: HttpResult = await request(`${this.config.TELEGRAM_API_URL}/bot${this.config.TELEGRAM_BOT_TOKEN}/${method}`, {
      body,
      timeoutMs,
      signal: this.abort.signal,
    });
    const answer = result.json as { ok?: boolean; result?: unknown; description?: string; parameters?: { retry_after?: number } } | null;
    if (result.status === 200 && answer?.ok) return answer.result;
    const retryAfter = answer?.parameters?.retry_after;
    throw new DeliveryError(
      `Telegram ${method} answered ${result.status}: ${answer?.description ?? result.text.slice(0, 200)}`,
      result.status === 429 || result.status >= 500,
      result.status,
      retryAfter ? retryAfter * 1000 : null,
    );
  }

  async start(handle: InboundHandler): Promise<void> {
    try {
      await this.call("getMe", {});
    } catch (error) {
      if (error instanceof DeliveryError && (error.status === 401 || error.status === 404))
        throw new Error("TELEGRAM_BOT_TOKEN was refused by Telegram (getMe): check the token from @BotFather.");
      throw error;
    }
    this.loop = this.poll(handle);
  }

  private async poll(handle: InboundHandler): Promise<void> {
    const { log } = this.options;
    let failures = 0;
    while (!this.abort.signal.aborted) {
      const offset = Number(this.options.offset.get() ?? "0");
      let updates: TelegramUpdate[];
      try {
        updates = (await this.call(
          "getUpdates",
          { offset, timeout: this.config.TELEGRAM_POLL_TIMEOUT_SECONDS, allowed_updates: ["message", "callback_query"] },
          this.options.timeoutMs + this.config.TELEGRAM_POLL_TIMEOUT_SECONDS * 1000,
        )) as TelegramUpdate[];
        failures = 0;
      } catch (error) {
        if (this.abort.signal.aborted) break;
        failures++;
        const conflict = error instanceof DeliveryError && error.status === 409;
        log.warn(
          { err: error instanceof Error ? error.message : String(error) },
          conflict
            ? "getUpdates conflicts with a webhook or a second bot process: delete the webhook or stop the other process"
            : "getUpdates failed",
        );
        await sleep(backoffMs(Math.min(failures, 6), 500), this.abort.signal);
        continue;
      }
      for (const update of updates) {
        if (this.abort.signal.aborted) break;
        const next = String(update.update_id + 1);
        const inbound = toInbound(update);
        if (!inbound) {
          this.options.offset.set(next);
          continue;
        }
        try {
          handle({ id: `tg:${update.update_id}`, ...inbound }, () => this.options.offset.set(next));
        } catch (error) {
          log.error({ err: error instanceof Error ? error.message : String(error), update: update.update_id }, "update not handled");
          // Telegram delivers it again from the stored offset; give the cause a moment.
          await sleep(1_000, this.abort.signal);
          break;
        }
        // Stops the button's loading animation; the answer itself is a new message.
        if (update.callback_query) this.call("answerCallbackQuery", { callback_query_id: update.callback_query.id }).catch(() => undefined);
      }
    }
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.loop;
  }

  /** Telegram allows about 30 messages per second overall: keep sends that far apart. */
  private nextSendAt = 0;

  async send(chat: string, payload: Record<string, unknown>): Promise<void> {
    const wait = this.nextSendAt - Date.now();
    if (wait > 0) await sleep(wait, this.abort.signal);
    this.nextSendAt = Math.max(Date.now(), this.nextSendAt) + SEND_SPACING_MS;
    const { method, ...body } = payload;
    if (typeof method !== "string") throw new DeliveryError("Telegram payload without a method", false);
    await this.call(method, { ...body, chat_id: /^-?\d+$/.test(chat) ? Number(chat) : chat });
  }

  async applyProfile(profile: ChannelProfile | null): Promise<void> {
    if (profile?.channel !== "telegram") return;
    await this.call("setMyCommands", profile.setMyCommands);
  }
}

function toInbound(update: TelegramUpdate): { chat: string; event: RuntimeEvent } | null {
  if (update.callback_query?.data && update.callback_query.message) {
    return { chat: String(update.callback_query.message.chat.id), event: { type: "button", id: update.callback_query.data } };
  }
  const text = update.message?.text;
  if (update.message && typeof text === "string") {
    const chat = String(update.message.chat.id);
    // "/start" and deep links "/start <payload>" open the conversation.
    if (/^\/start(@\w+)?(\s|$)/.test(text)) return { chat, event: { type: "start" } };
    return { chat, event: { type: "text", text } };
  }
  return null;
}
