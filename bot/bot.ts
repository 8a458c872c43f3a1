import pino, { type Logger } from "pino";
import type { BotConfig } from "./config";
import { Engine } from "./engine";
import { DeliveryError, backoffMs, expectOk, request, sleep } from "./http";
import { ANALYTICS_BATCH_MAX, CONSENT_BATCH_MAX, loadExport, type Effect, type RuntimeConsentEvent } from "./runtime";
import { openStore, Store } from "./store";
import { TelegramAdapter } from "./channels/telegram";
import { WhatsAppAdapter } from "./channels/whatsapp";
import type { ChannelAdapter } from "./channels/types";

/*
 * The reference bot: keeps the published export current (ETag polling), hands
 * platform updates to the engine (state and outboxes in SQLite), and works off the
 * outboxes: messages to the platform in order per chat, consent and analytics events to
 * Flowguard in batches, effects to processors, the human inbox and list services. What keeps
 * failing lands in `dead_letters` with its last error.
 */

export interface RunningBot {
  readonly store: Store;
  readonly engine: Engine;
  /** The WhatsApp webhook port (0 for Telegram). */
  readonly port: number;
  /** Runs one round of deliveries now (tests, and after every update). */
  pump(): Promise<void>;
  /** Polls the export once. */
  refreshExport(): Promise<void>;
  /** Graceful stop: no new updates, the outboxes get a last try, the database is closed. */
  stop(): Promise<void>;
}

interface StoredEffect {
  effect: Effect | { kind: string; [key: string]: unknown };
  flowId: string;
  flowVersion: number;
  channel: string;
}

const PUMP_INTERVAL_MS = 250;
const CONSENT_FLUSH_MS = 1_000;
/** Meta redelivers a webhook for up to 7 days; update ids older than that are forgotten. */
const INBOUND_KEEP_MS = 8 * 24 * 3_600_000;

export async function startBot(config: BotConfig, options: { log?: Logger; clock?: () => number } = {}): Promise<RunningBot> {
  const log = options.log ?? pino({ level: config.LOG_LEVEL, base: { bot: config.channel } });
  const clock = options.clock ?? Date.now;
  const timeoutMs = config.BOT_HTTP_TIMEOUT_SECONDS * 1000;
  const store = new Store(openStore(config.BOT_DB));
  const engine = new Engine(store, config.channel, log, clock);
  const auth = { authorization: `Bearer ${config.FLOWGUARD_TOKEN}` };
  const adapter: ChannelAdapter =
    config.channel === "telegram"
      ? new TelegramAdapter(config.telegram, {
          timeoutMs,
          log,
          offset: { get: () => store.get("telegram.offset"), set: (value) => store.set("telegram.offset", value) },
        })
      : new WhatsAppAdapter(config.whatsapp, { timeoutMs, log });

  // ---- the export -------------------------------------------------------------
  const exportUrl = `${config.FLOWGUARD_URL}/api/v1/flows/${encodeURIComponent(config.FLOWGUARD_FLOW_ID)}/export?channel=${config.channel}`;

  async function refreshExport(): Promise<void> {
    const latest = store.latestExport();
    const result = await request(exportUrl, { headers: { ...auth, ...(latest ? { "if-none-match": latest.etag } : {}) }, timeoutMs });
    if (result.status === 304) return;
    const error = (result.json as { error?: { code?: string; message?: string } } | null)?.error;
    expectOk(result, "Flowguard export", error ? `${error.code}: ${error.message}` : undefined);
    const loaded = loadExport(result.json, { channel: config.channel });
    if (loaded.channel !== config.channel) throw new Error(`The export is for ${loaded.channel}, this bot runs ${config.channel}.`);
    const version = loaded.export.flow.version;
    store.saveExport(version, result.headers.get("etag") ?? "", result.text, clock());
    engine.invalidate(version);
    if (!latest || version > latest.version) {
      log.info(
        { flowId: loaded.export.flow.id, version },
        latest ? "new flow version: applies to conversations that start from now on" : "flow loaded",
      );
      await adapter.applyProfile(loaded.export.profile);
    }
  }

  // ---- deliveries -------------------------------------------------------------
  async function sendMessages(): Promise<void> {
    const failedChats = new Set<string>();
    for (const row of store.dueMessages(clock(), 50)) {
      if (failedChats.has(row.chat)) continue;
      try {
        await adapter.send(row.chat, JSON.parse(row.payload) as Record<string, unknown>);
        store.deleteMessage(row.id);
      } catch (error) {
        failedChats.add(row.chat);
        giveUpOrRetry(error, row.attempts, {
          retry: (at, message) => store.retryMessage(row.id, at, message),
          dead: (message) =>
            store.transaction(() => {
              store.deadLetter("message", row.chat, row.payload, message, row.attempts + 1, clock());
              store.deleteMessage(row.id);
            }),
          what: "message",
        });
      }
    }
  }

  let lastConsentFlush = 0;
  async function flushConsents(force = false): Promise<void> {
    if (!force && clock() - lastConsentFlush < CONSENT_FLUSH_MS) return;
    lastConsentFlush = clock();
    const rows = store.dueConsentEvents(clock(), CONSENT_BATCH_MAX);
    if (rows.length > 0) await postConsentBatch(rows);
  }

  async function postConsentBatch(rows: { event_id: string; body: string; attempts: number }[]): Promise<void> {
    const ids = rows.map((row) => row.event_id);
    try {
      const events = rows.map((row) => JSON.parse(row.body) as RuntimeConsentEvent);
      const result = await request(`${config.FLOWGUARD_URL}/api/v1/consent-events`, { headers: auth, body: { events }, timeoutMs });
      const error = (result.json as { error?: { code?: string; message?: string } } | null)?.error;
      expectOk(result, "Flowguard consent events", error ? `${error.code}: ${error.message}` : undefined);
      store.markConsentSent(ids, clock());
      log.info({ events: ids.length, ...(result.json as object) }, "consent events delivered");
    } catch (error) {
      // One refused event must not hold back the others: a refused batch is retried one by one.
      if (error instanceof DeliveryError && error.status === 400 && rows.length > 1) {
        for (const row of rows) await postConsentBatch([row]);
        return;
      }
      // A refused token is a configuration problem: keep the events and retry, never drop them.
      const permanent = error instanceof DeliveryError && error.status === 400;
      const attempts = Math.max(...rows.map((row) => row.attempts));
      const message = error instanceof Error ? error.message : String(error);
      if (permanent) {
        store.transaction(() => {
          for (const row of rows) store.deadLetter("consent", null, row.body, message, row.attempts + 1, clock());
          store.markConsentSent(ids, clock());
        });
        log.error({ events: ids, err: message }, "consent event refused by Flowguard: kept in dead_letters");
      } else {
        store.retryConsent(ids, clock() + backoffMs(attempts, config.BOT_RETRY_BASE_MS), message);
        log.warn({ events: ids.length, attempt: attempts + 1, err: message }, "consent events not delivered, will retry");
      }
    }
  }

  let lastAnalyticsFlush = 0;
  async function flushAnalytics(force = false): Promise<void> {
    if (!force && clock() - lastAnalyticsFlush < CONSENT_FLUSH_MS) return;
    lastAnalyticsFlush = clock();
    const rows = store.dueAnalyticsEvents(clock(), ANALYTICS_BATCH_MAX);
    if (rows.length === 0) return;
    const ids = rows.map((row) => row.event_id);
    try {
      const events = rows.map((row) => JSON.parse(row.body) as unknown);
      const result = await request(`${config.FLOWGUARD_URL}/api/v1/events`, { headers: auth, body: { events }, timeoutMs });
      const error = (result.json as { error?: { code?: string; message?: string } } | null)?.error;
      expectOk(result, "Flowguard analytics events", error ? `${error.code}: ${error.message}` : undefined);
      store.deleteAnalyticsEvents(ids);
      log.debug({ events: ids.length, ...(result.json as object) }, "analytics events delivered");
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // Refused (400/422) or after the last retry: counts are not evidence, so the batch is set aside, never retried forever.
      const refused = error instanceof DeliveryError && (error.status === 400 || error.status === 422);
      const attempts = Math.max(...rows.map((row) => row.attempts));
      if (refused || attempts + 1 >= config.BOT_RETRY_MAX) {
        store.transaction(() => {
          store.deadLetter(
            "analytics",
            null,
            JSON.stringify(rows.map((row) => JSON.parse(row.body) as unknown)),
            message,
            attempts + 1,
            clock(),
          );
          store.deleteAnalyticsEvents(ids);
        });
        log.error({ events: ids.length, err: message }, "analytics events refused by Flowguard: kept in dead_letters");
      } else {
        store.retryAnalytics(ids, clock() + backoffMs(attempts, config.BOT_RETRY_BASE_MS), message);
        log.warn({ events: ids.length, attempt: attempts + 1, err: message }, "analytics events not delivered, will retry");
      }
    }
  }

  async function runEffects(): Promise<void> {
    for (const row of store.dueEffects(clock(), 20)) {
      const stored = JSON.parse(row.body) as StoredEffect;
      try {
        await executeEffect(row.id, row.chat, stored);
      } catch (error) {
        giveUpOrRetry(error, row.attempts, {
          retry: (at, message) => store.retryEffect(row.id, at, message),
          dead: (message) => {
            const effect = stored.effect;
            const close = () => {
              store.deadLetter(`effect:${row.kind}`, row.chat, row.body, message, row.attempts + 1, clock());
              store.deleteEffect(row.id);
            };
            // The conversation goes on through the webhook's failure output.
            if (effect.kind === "webhook" && typeof effect.requestId === "string") {
              engine.handle(
                { id: `effect:${row.id}`, chat: row.chat, event: { type: "webhookResult", requestId: effect.requestId, ok: false } },
                close,
              );
            } else store.transaction(close);
          },
          what: `effect ${row.kind}`,
        });
      }
    }
  }

  async function executeEffect(id: number, chat: string, stored: StoredEffect): Promise<void> {
    const effect = stored.effect;
    const context = { flowId: stored.flowId, flowVersion: stored.flowVersion, channel: stored.channel };
    switch (effect.kind) {
      case "webhook": {
        const webhook = effect as Extract<Effect, { kind: "webhook" }>;
        const result = await request(webhook.url, {
          // The processor learns why it receives the data (GDPR Art. 28: only for the declared purpose).
          headers: { "x-flowguard-purpose": webhook.purpose, "idempotency-key": webhook.requestId },
          body: { ...webhook.body, purpose: webhook.purpose, requestId: webhook.requestId },
          timeoutMs,
        });
        expectOk(result, `processor ${webhook.processor}`);
        const variables = (result.json as { variables?: unknown } | null)?.variables;
        const strings =
          variables && typeof variables === "object"
            ? Object.fromEntries(Object.entries(variables).filter((entry): entry is [string, string] => typeof entry[1] === "string"))
            : undefined;
        engine.handle(
          { id: `effect:${id}`, chat, event: { type: "webhookResult", requestId: webhook.requestId, ok: true, variables: strings } },
          () => store.deleteEffect(id),
        );
        return;
      }
      case "handoff": {
        if (!config.HANDOFF_INBOX_URL) throw new DeliveryError("a handoff was due but HANDOFF_INBOX_URL is not set", false);
        const result = await request(config.HANDOFF_INBOX_URL, {
          body: { ...context, chat, nodeId: (effect as { nodeId?: string }).nodeId ?? null, requestedAt: new Date(clock()).toISOString() },
          headers: { "idempotency-key": `handoff-${id}-${stored.flowId}` },
          timeoutMs,
        });
        expectOk(result, "human inbox");
        store.deleteEffect(id);
        return;
      }
      case "handoffTimeout": {
        // Nobody answered in time: the help desk closes the ticket (the bot already resumed).
        if (!config.HANDOFF_INBOX_URL) {
          store.deleteEffect(id);
          return;
        }
        const result = await request(config.HANDOFF_INBOX_URL, {
          body: { ...context, chat, kind: "handoffTimeout", nodeId: (effect as { nodeId?: string }).nodeId ?? null },
          headers: { "idempotency-key": `handoff-timeout-${id}-${stored.flowId}` },
          timeoutMs,
        });
        expectOk(result, "human inbox");
        store.deleteEffect(id);
        return;
      }
      case "subscribe":
      case "unsubscribe": {
        if (!config.LISTS_WEBHOOK_URL) {
          log.info({ kind: effect.kind }, "no LISTS_WEBHOOK_URL: list change not forwarded");
          store.deleteEffect(id);
          return;
        }
        const result = await request(config.LISTS_WEBHOOK_URL, {
          body: { ...effect, ...context },
          headers: { "idempotency-key": `list-${id}` },
          timeoutMs,
        });
        expectOk(result, "list service");
        store.deleteEffect(id);
        return;
      }
      default: {
        // Effects that name their own address (e.g. asking a processor to erase data) are posted there.
        const target = (effect as { url?: unknown }).url;
        if (typeof target !== "string") throw new DeliveryError(`no handler for effect "${effect.kind}"`, false);
        const purpose = (effect as { purpose?: unknown }).purpose;
        const result = await request(target, {
          body: { ...effect, ...context },
          headers: {
            "idempotency-key": `${effect.kind}-${id}`,
            ...(typeof purpose === "string" ? { "x-flowguard-purpose": purpose } : {}),
          },
          timeoutMs,
        });
        expectOk(result, `effect ${effect.kind}`);
        store.deleteEffect(id);
      }
    }
  }

  function giveUpOrRetry(
    error: unknown,
    attempts: number,
    on: { retry: (at: number, message: string) => void; dead: (message: string) => void; what: string },
  ): void {
    const message = error instanceof Error ? error.message : String(error);
    const retryable = error instanceof DeliveryError ? error.retryable : false;
    if (retryable && attempts + 1 < config.BOT_RETRY_MAX) {
      const wait = Math.max(error instanceof DeliveryError ? (error.retryAfterMs ?? 0) : 0, backoffMs(attempts, config.BOT_RETRY_BASE_MS));
      on.retry(clock() + wait, message);
      log.warn({ attempt: attempts + 1, err: message }, `${on.what} failed, will retry`);
    } else {
      on.dead(message);
      log.error({ attempts: attempts + 1, err: message }, `${on.what} given up: kept in dead_letters`);
    }
  }

  // ---- the loop ---------------------------------------------------------------
  let pumping: Promise<void> | null = null;
  function pump(force = false): Promise<void> {
    if (pumping) return pumping;
    pumping = (async () => {
      try {
        await sendMessages();
        await runEffects();
        await sendMessages();
        await flushConsents(force);
        await flushAnalytics(force);
      } catch (error) {
        log.error({ err: error instanceof Error ? error.message : String(error) }, "delivery round failed");
      } finally {
        pumping = null;
      }
    })();
    return pumping;
  }

  // The bot starts only with an export: from Flowguard, or the one stored last time.
  try {
    await refreshExport();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (!store.latestExport()) {
      store.db.close();
      throw new Error(`Cannot load flow ${config.FLOWGUARD_FLOW_ID} from ${config.FLOWGUARD_URL}: ${message}`);
    }
    log.warn({ err: message }, "Flowguard not reachable: running the export stored last time");
    await adapter.applyProfile(engine.current()!.export.profile).catch(() => undefined);
  }

  // Nobody may wait forever for a person: the runtime ends an unanswered handoff on the
  // next event after its timeout, so each waiting chat gets a tick on every poll.
  const tickHandoffs = () => {
    if (!engine.current()) return;
    const minute = Math.floor(clock() / 60_000);
    for (const chat of store.chatsInHandoff()) {
      try {
        if (engine.handle({ id: `tick:${chat}:${minute}`, chat, event: { type: "tick" } })) void pump();
      } catch (error) {
        log.warn({ chat, err: error instanceof Error ? error.message : String(error) }, "handoff tick failed");
      }
    }
  };

  const stopping = new AbortController();
  await adapter.start((inbound, alongside) => {
    const handled = engine.handle(inbound, alongside);
    if (handled) void pump();
    return handled;
  });

  const pumpLoop = (async () => {
    while (!stopping.signal.aborted) {
      await pump();
      await sleep(PUMP_INTERVAL_MS, stopping.signal);
    }
  })();
  const pollLoop = (async () => {
    while (!stopping.signal.aborted) {
      await sleep(config.FLOWGUARD_POLL_SECONDS * 1000, stopping.signal);
      if (stopping.signal.aborted) break;
      store.pruneInbound(clock() - INBOUND_KEEP_MS);
      tickHandoffs();
      await refreshExport().catch((error: unknown) =>
        log.warn({ err: error instanceof Error ? error.message : String(error) }, "export poll failed; the current version keeps running"),
      );
    }
  })();
  log.info({ channel: config.channel, flowId: config.FLOWGUARD_FLOW_ID, version: engine.current()?.export.flow.version }, "bot started");

  return {
    store,
    engine,
    port: adapter instanceof WhatsAppAdapter ? adapter.port : 0,
    pump: () => pump(true),
    refreshExport,
    async stop() {
      if (stopping.signal.aborted) return;
      log.info("stopping: no new updates, delivering what is due");
      await adapter.stop();
      stopping.abort();
      await Promise.all([pumpLoop, pollLoop]);
      await Promise.race([pump(true), sleep(5_000)]);
      await pumping;
      const left = {
        messages: store.pendingMessages(),
        consentEvents: store.pendingConsentEvents(),
        analyticsEvents: store.pendingAnalyticsEvents(),
      };
      store.db.close();
      log.info(left, "stopped; what is left is sent at the next start");
    },
  };
}
