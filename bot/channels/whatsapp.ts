import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "pino";
import type { WhatsAppConfig } from "../config";
import { DeliveryError, expectOk, request } from "../http";
import type { RuntimeEvent } from "../runtime";
import type { ChannelAdapter, InboundHandler } from "./types";

/*
 * WhatsApp Cloud API: Meta calls our webhook. GET answers the verify-token handshake;
 * every POST must carry X-Hub-Signature-256, the HMAC-SHA256 of the raw body with the
 * app secret, or it is refused before anything is read from it. Messages go out
 * through the Graph API's /{phone-number-id}/messages.
 */

/** Meta's webhook bodies are small; anything much larger is not from Meta. */
const MAX_BODY_BYTES = 1_000_000;

interface WhatsAppMessage {
  id: string;
  from: string;
  type: string;
  text?: { body?: string };
  interactive?: { type?: string; button_reply?: { id?: string }; list_reply?: { id?: string } };
  button?: { payload?: string; text?: string };
}

/** True when `header` is `sha256=<hex>` of the body with `secret` (constant-time compare). */
export function validSignature(secret: string, rawBody: Buffer, header: string | undefined): boolean {
  if (!header?.startsWith("sha256=")) return false;
  const given = Buffer.from(header.slice("sha256=".length), "hex");
  const expected = crypto.createHmac("sha256", secret).update(rawBody).digest();
  return given.length === expected.length && crypto.timingSafeEqual(given, expected);
}

export class WhatsAppAdapter implements ChannelAdapter {
  private server: http.Server | null = null;

  constructor(
    private readonly config: WhatsAppConfig,
    private readonly options: { timeoutMs: number; log: Logger },
  ) {}

  /** The port the webhook server listens on (PORT=0 picks a free one). */
  get port(): number {
    return (this.server?.address() as AddressInfo | null)?.port ?? 0;
  }

  async start(handle: InboundHandler): Promise<void> {
    const server = http.createServer((req, res) => {
      this.route(req, res, handle).catch((error: unknown) => {
        this.options.log.error({ err: error instanceof Error ? error.message : String(error) }, "webhook failed");
        // 500 makes Meta deliver the notification again later.
        if (!res.headersSent) res.writeHead(500).end();
      });
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.config.PORT, this.config.HOST, () => resolve());
    });
    this.options.log.info({ port: this.port }, "WhatsApp webhook listening on /webhook");
  }

  private async route(req: http.IncomingMessage, res: http.ServerResponse, handle: InboundHandler): Promise<void> {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname === "/healthz") return void res.writeHead(200, { "content-type": "text/plain" }).end("ok");
    if (url.pathname !== "/webhook") return void res.writeHead(404).end();
    if (req.method === "GET") {
      const ok =
        url.searchParams.get("hub.mode") === "subscribe" && url.searchParams.get("hub.verify_token") === this.config.WHATSAPP_VERIFY_TOKEN;
      if (!ok) {
        this.options.log.warn("webhook verification refused: wrong hub.verify_token");
        return void res.writeHead(403).end();
      }
      return void res.writeHead(200, { "content-type": "text/plain" }).end(url.searchParams.get("hub.challenge") ?? "");
    }
    if (req.method !== "POST") return void res.writeHead(405, { allow: "GET, POST" }).end();
    const raw = await readBody(req);
    if (raw === null) return void res.writeHead(413).end();
    const signature = req.headers["x-hub-signature-256"];
    if (!validSignature(this.config.WHATSAPP_APP_SECRET, raw, Array.isArray(signature) ? signature[0] : signature)) {
      this.options.log.warn({ bytes: raw.length }, "webhook refused: X-Hub-Signature-256 missing or wrong");
      return void res.writeHead(401, { "content-type": "application/json" }).end('{"error":"invalid signature"}');
    }
    let body: unknown;
    try {
      body = JSON.parse(raw.toString("utf8"));
    } catch {
      return void res.writeHead(400).end();
    }
    for (const inbound of inboundOf(body)) handle(inbound);
    res.writeHead(200).end();
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
  }

  async send(chat: string, payload: Record<string, unknown>): Promise<void> {
    const result = await request(`${this.config.WHATSAPP_GRAPH_URL}/${this.config.WHATSAPP_PHONE_NUMBER_ID}/messages`, {
      headers: { authorization: `Bearer ${this.config.WHATSAPP_ACCESS_TOKEN}` },
      body: { ...payload, messaging_product: "whatsapp", recipient_type: "individual", to: chat },
      timeoutMs: this.options.timeoutMs,
    });
    const error = (result.json as { error?: { message?: string; code?: number } } | null)?.error;
    expectOk(result, "WhatsApp Graph API", error?.message ? `${error.message} (code ${error.code})` : undefined);
    if (!(result.json as { messages?: unknown[] } | null)?.messages)
      throw new DeliveryError("WhatsApp accepted no message", true, result.status);
  }

  async applyProfile(): Promise<void> {
    // Legal links and opt-out are keywords on WhatsApp; the runtime answers them.
  }
}

function readBody(req: http.IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        resolve(null);
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** The user messages of a webhook notification, as runtime events (statuses and media are skipped). */
export function inboundOf(body: unknown): { id: string; chat: string; event: RuntimeEvent }[] {
  const result: { id: string; chat: string; event: RuntimeEvent }[] = [];
  const entries = (body as { entry?: { changes?: { field?: string; value?: { messages?: WhatsAppMessage[] } }[] }[] } | null)?.entry;
  for (const entry of Array.isArray(entries) ? entries : []) {
    for (const change of Array.isArray(entry.changes) ? entry.changes : []) {
      for (const message of change.value?.messages ?? []) {
        if (typeof message?.id !== "string" || typeof message.from !== "string") continue;
        const event = eventOf(message);
        if (event) result.push({ id: `wa:${message.id}`, chat: message.from, event });
      }
    }
  }
  return result;
}

function eventOf(message: WhatsAppMessage): RuntimeEvent | null {
  if (message.type === "text" && typeof message.text?.body === "string") return { type: "text", text: message.text.body };
  if (message.type === "interactive") {
    const id = message.interactive?.button_reply?.id ?? message.interactive?.list_reply?.id;
    if (typeof id === "string") return { type: "button", id };
  }
  if (message.type === "button" && typeof message.button?.payload === "string") return { type: "button", id: message.button.payload };
  return null;
}
