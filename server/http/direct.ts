import type { IncomingMessage, ServerResponse } from "node:http";
import type { TLSSocket } from "node:tls";
import compression from "next/dist/compiled/compression";
import { v1Answers, type ApiAnswer, type ApiRequest } from "@/server/api/v1";
import { trustedProxyHops } from "@/server/security/clientAddress";
import { proxyHeaders } from "@/server/security/headers";
import { TRPC_MAX_BODY_BYTES, announcesMoreThan, bodyTextOf, payloadTooLarge } from "./body";
import { closeAfterAnswer } from "./linger";
import { trpcRoute, trpcRouteWithBodyRead } from "./trpcRoute";

/*
 * The hot API paths served by the Node server itself, before Next.js (issue 13: Next.js
 * alone costs a request ~2.4 ms of CPU before our code runs). Each route calls the very
 * handler its route file under app/ calls, with the Request Next.js would have built:
 *  - the same URL (`http(s)://localhost:PORT/…`, https when the socket is TLS or a
 *    trusted proxy's X-Forwarded-Proto says so) and headers, with the
 *    X-Forwarded-Host/-Port/-Proto/-For defaults Next.js adds;
 *  - for /api/trpc, what proxy.ts does (`proxyHeaders`: untrusted X-Forwarded-For
 *    dropped, CSP nonce, security headers on the answer); /api/v1 skips the proxy there too;
 *  - the answer compressed by the same `compression` middleware Next.js uses.
 * The export answers GET, HEAD and OPTIONS, as its route file does under Next.js.
 * The /api/v1 handlers are called with an `ApiRequest` read straight from the Node
 * request (the headers that Request would carry) and their `ApiAnswer` is written as it
 * is: no web Request, Headers or Response is built for a bot's request.
 * Anything else (another method, a trailing slash, `//`, an undecodable id) goes on to
 * Next.js, which answers it as before (405, 308, 404 …). Request ids, logs, metrics and
 * the graceful stop stay in scripts/serve.ts around both.
 */

export type DirectHandler = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

type Handler = (request: Request) => Promise<Response>;

type Target =
  | {
      handle: Handler;
      proxied: boolean;
      /** A route whose body is read here, counted against `maxBytes`, and given to `handle` whole when within it. */
      readsBody?: { maxBytes: number; handle: Handler };
    }
  /** An /api/v1 handler (server/api/v1.ts), which skips the proxy. */
  | { answer: (request: ApiRequest) => Promise<ApiAnswer> };

const EXPORT_PATH = /^\/api\/v1\/flows\/([^/]+)\/export$/;
const TRPC_PATH = /^\/api\/trpc\/[^/]+$/;

/** The route file's handler for this method and path, or null when Next.js answers it. */
function targetOf(method: string | undefined, pathname: string): Target | null {
  if (pathname.includes("\\") || pathname.includes("//")) return null;
  if (method === "POST" && pathname === "/api/v1/consent-events") return { answer: v1Answers.consentEvents };
  if (method === "POST" && pathname === "/api/v1/events") return { answer: v1Answers.analyticsEvents };
  if (method === "GET" || method === "HEAD" || method === "OPTIONS") {
    const exported = EXPORT_PATH.exec(pathname);
    if (exported) {
      let flowId: string;
      try {
        flowId = decodeURIComponent(exported[1]!);
      } catch {
        return null;
      }
      // HEAD is GET without the body, as Next.js answers it (Node sends no body for HEAD); OPTIONS the route file's handler.
      if (method === "OPTIONS") return { answer: v1Answers.exportOptions };
      return { answer: (request) => v1Answers.export(request, flowId) };
    }
  }
  if ((method === "GET" || method === "POST") && TRPC_PATH.test(pathname)) {
    return { handle: trpcRoute, proxied: true, readsBody: { maxBytes: TRPC_MAX_BODY_BYTES, handle: trpcRouteWithBodyRead } };
  }
  return null;
}

/**
 * The request body as a web stream, and `drain()` for once the answer is known: what the
 * handler left unread (a body refused as too large, before or while reading it) is read
 * and dropped, never stored, so the answer reaches a client still sending and the
 * connection stays usable.
 */
function bodyOf(request: IncomingMessage): { stream: ReadableStream<Uint8Array>; drain: () => void } {
  let open = true;
  const drain = () => {
    open = false;
    request.resume();
  };
  const stream = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        request.on("data", (chunk: Buffer) => {
          if (!open) return;
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          if ((controller.desiredSize ?? 0) <= 0) request.pause();
        });
        request.once("end", () => {
          if (open) controller.close();
          open = false;
        });
        request.once("error", (error) => {
          if (open) controller.error(error);
          open = false;
        });
        request.pause();
      },
      pull() {
        request.resume();
      },
      cancel: drain,
    },
    { highWaterMark: 64 * 1024, size: (chunk) => chunk.byteLength },
  );
  return { stream, drain };
}

type ReadBody = { bytes: Buffer } | { refused: unknown; tooLarge: boolean };

/**
 * The whole body, read with its bytes counted: one announced larger than `maxBytes` is
 * not read at all, and reading stops as soon as the count passes it, so nothing larger
 * is ever buffered. A small body read at once costs far less than a web stream piped
 * through a limiter into the handler.
 */
function readBody(request: IncomingMessage, maxBytes: number): Promise<ReadBody> {
  if (announcesMoreThan(request.headers["content-length"], maxBytes)) {
    return Promise.resolve({ refused: payloadTooLarge(maxBytes), tooLarge: true });
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const settle = (result: ReadBody) => {
      request.off("data", onData);
      request.off("end", onEnd);
      request.off("error", onError);
      request.off("close", onClose);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      total += chunk.byteLength;
      if (total > maxBytes) {
        request.pause();
        settle({ refused: payloadTooLarge(maxBytes), tooLarge: true });
      } else chunks.push(chunk);
    };
    const onEnd = () => settle({ bytes: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total) });
    const onError = (error: unknown) => settle({ refused: error, tooLarge: false });
    const onClose = () => {
      if (!request.complete)
        settle({ refused: new Error("The client closed the connection before the body was complete."), tooLarge: false });
    };
    request.on("data", onData);
    request.once("end", onEnd);
    request.once("error", onError);
    request.once("close", onClose);
  });
}

/**
 * tRPC's reading of a JSON body (its handler for `application/json` calls `json()`), as undici
 * reads it: the media type without parameters, compared without regard to case.
 */
function isJsonBody(headers: Headers): boolean {
  const type = headers.get("content-type");
  return type !== null && type.split(";", 1)[0]!.trim().toLowerCase() === "application/json";
}

/**
 * A Request whose JSON body the server has read already (and counted against the limit):
 * `json()` parses those bytes as undici's `json()` does (UTF-8 with leading BOMs dropped and
 * malformed sequences replaced, then JSON.parse, a SyntaxError for bad JSON) without first
 * wrapping them in a web stream and reading that back, which cost a save about 4 % of its
 * CPU time. Anything else that reads the body (only `json()` is used for JSON) finds none,
 * and a second `json()` fails as a used body does.
 */
class ReadJsonRequest extends Request {
  #bytes: Uint8Array | null;
  constructor(url: string, init: RequestInit, bytes: Uint8Array) {
    super(url, init);
    this.#bytes = bytes;
  }
  override async json(): Promise<unknown> {
    const bytes = this.#bytes;
    if (bytes === null) throw new TypeError("Body is unusable: Body has already been read");
    this.#bytes = null;
    return JSON.parse(utf8DecodeBytes(bytes));
  }
}

const utf8 = new TextDecoder();

/** undici's own (fetch's "UTF-8 decode"): a BOM dropped here, and the decoder drops one more. */
function utf8DecodeBytes(bytes: Uint8Array): string {
  if (bytes.length === 0) return "";
  const text = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  return utf8.decode(text);
}

/** A body that fails with `error` when read: the handler answers it as it answers any unreadable body. */
function failingBody(error: unknown): ReadableStream<Uint8Array> {
  return new ReadableStream({ start: (controller) => controller.error(error) });
}

function hostForUrl(hostname: string | undefined): string {
  const host = hostname || "localhost";
  return host.includes(":") ? `[${host}]` : host;
}

/** Resolves once `response` takes more data (or is gone). */
function drained(response: ServerResponse): Promise<void> {
  return new Promise<void>((resolve) => {
    const go = () => {
      response.off("drain", go);
      response.off("close", go);
      resolve();
    };
    response.on("drain", go);
    response.on("close", go);
  });
}

/**
 * Writes a web Response to the Node response, chunk by chunk as Next.js does (so
 * compression treats it the same). Each chunk is written once the next is known: the
 * last one goes to the socket together with the end of the answer, in one write.
 */
async function send(answer: Response, response: ServerResponse, extraHeaders: Record<string, string>): Promise<void> {
  response.statusCode = answer.status;
  for (const [name, value] of Object.entries(extraHeaders)) response.setHeader(name, value);
  for (const [name, value] of answer.headers) if (name !== "set-cookie") response.setHeader(name, value);
  const cookies = answer.headers.getSetCookie();
  if (cookies.length > 0) response.setHeader("set-cookie", cookies);
  if (!answer.body) {
    response.end();
    return;
  }
  const reader = answer.body.getReader();
  try {
    let current = await reader.read();
    while (!current.done) {
      const following = await reader.read();
      if (response.destroyed) {
        await reader.cancel();
        return;
      }
      // Held until end() below, which writes it with the answer's end.
      if (following.done) response.cork();
      if (!response.write(current.value) && !following.done) await drained(response);
      current = following;
    }
  } finally {
    reader.releaseLock();
  }
  response.end();
}

/**
 * What an /api/v1 handler reads of `incoming`: the URL and headers the web Request of the
 * route would have (the headers as Node parsed them, with the X-Forwarded-* defaults of
 * `forwarded`), and the body read with its bytes counted against the handler's limit (see
 * `readBody`), asked for only when the handler gets that far.
 */
function apiRequestOf(incoming: IncomingMessage, url: string, forwarded: (name: string) => string | undefined): ApiRequest {
  const headers = incoming.headers;
  const hasBody = incoming.method !== "GET" && incoming.method !== "HEAD" && incoming.method !== "OPTIONS";
  return {
    url,
    header(name) {
      const value = headers[name];
      if (typeof value === "string") return value;
      if (value !== undefined) return value.join(", ");
      return forwarded(name) ?? null;
    },
    async bodyText(maxBytes) {
      if (!hasBody) return "";
      const read = await readBody(incoming, maxBytes);
      if ("refused" in read) throw read.refused;
      return bodyTextOf(read.bytes);
    },
  };
}

/**
 * Writes an answer as `send` writes a web Response of it: the body in one write (the
 * compression middleware decides on it as on the route file's stream), held with the
 * answer's end so both go to the socket together.
 */
function write(answer: ApiAnswer, response: ServerResponse): void {
  response.statusCode = answer.status;
  for (const name in answer.headers) response.setHeader(name, answer.headers[name]!);
  if (answer.body) {
    response.cork();
    response.write(answer.body);
  }
  response.end();
}

/**
 * The direct routes of an instance listening on `port` (and `hostname`, as given to Next.js).
 * `route(request)` is the handler for a request it serves, or null for Next.js.
 */
export function createDirectRoutes(options: { port: number; hostname?: string }) {
  const compress = compression();
  const authority = `${hostForUrl(options.hostname)}:${options.port}`;

  function route(request: IncomingMessage): DirectHandler | null {
    const url = request.url ?? "/";
    const query = url.indexOf("?");
    const target = targetOf(request.method, query === -1 ? url : url.slice(0, query));
    if (!target) return null;
    return async (incoming, response) => {
      const socket = incoming.socket as Partial<TLSSocket>;
      // X-Forwarded-Proto only from a proxy of ours (the server drops a client's own, see dropUntrustedForwarding).
      const forwardedProto = trustedProxyHops() > 0 ? incoming.headers["x-forwarded-proto"] : undefined;
      const https = socket.encrypted === true || (typeof forwardedProto === "string" && forwardedProto.includes("https"));
      const requestUrl = `${https ? "https" : "http"}://${authority}${url}`;
      if ("answer" in target) {
        // What Next.js adds to every request before its routes see it, where the client sent none.
        const forwarded = (name: string): string | undefined => {
          if (name === "x-forwarded-host") return incoming.headers.host ?? authority;
          if (name === "x-forwarded-port") return String(options.port);
          if (name === "x-forwarded-proto") return socket.encrypted ? "https" : "http";
          if (name === "x-forwarded-for") return incoming.socket.remoteAddress || undefined;
          return undefined;
        };
        const answer = await target.answer(apiRequestOf(incoming, requestUrl, forwarded));
        // What the handler left unread (a body refused as too large, or never asked for, as before a
        // refused token) is dropped as a refused body's rest is, not read whole at full speed.
        if (!incoming.complete) closeAfterAnswer(incoming, response);
        await new Promise<void>((resolve) => compress(incoming, response, resolve));
        write(answer, response);
        return;
      }
      let headers = new Headers();
      for (const [name, value] of Object.entries(incoming.headers)) {
        if (typeof value === "string") headers.set(name, value);
        else if (value) for (const item of value) headers.append(name, item);
      }
      let responseHeaders: Record<string, string> = {};
      if (target.proxied) {
        // The headers were built above for this request alone: changed in place, not copied.
        ({ requestHeaders: headers, responseHeaders } = proxyHeaders(
          { headers, url: { protocol: https ? "https:" : "http:" } },
          { inPlace: true },
        ));
      }
      // What Next.js adds to every request before its routes see it.
      if (!headers.has("x-forwarded-host")) headers.set("x-forwarded-host", incoming.headers.host ?? authority);
      if (!headers.has("x-forwarded-port")) headers.set("x-forwarded-port", String(options.port));
      if (!headers.has("x-forwarded-proto")) headers.set("x-forwarded-proto", socket.encrypted ? "https" : "http");
      if (!headers.has("x-forwarded-for") && incoming.socket.remoteAddress) headers.set("x-forwarded-for", incoming.socket.remoteAddress);
      const controller = new AbortController();
      response.once("close", () => {
        if (!response.writableFinished) controller.abort();
      });
      // An OPTIONS body is not read (Node drops it once the answer is out), as no handler reads it.
      const hasBody = incoming.method !== "GET" && incoming.method !== "HEAD" && incoming.method !== "OPTIONS";
      if (hasBody && target.readsBody) {
        const read = await readBody(incoming, target.readsBody.maxBytes);
        const webRequest =
          "bytes" in read && isJsonBody(headers)
            ? new ReadJsonRequest(requestUrl, { method: incoming.method, headers, signal: controller.signal }, read.bytes)
            : new Request(requestUrl, {
                method: incoming.method,
                headers,
                body: "bytes" in read ? read.bytes : failingBody(read.refused),
                signal: controller.signal,
                duplex: "half",
              } as RequestInit);
        // A refused body goes to the handler that counts it again: the refusal is its usual answer.
        const answer = await ("bytes" in read ? target.readsBody.handle : target.handle)(webRequest);
        if ("tooLarge" in read && read.tooLarge) closeAfterAnswer(incoming, response);
        await new Promise<void>((resolve) => compress(incoming, response, resolve));
        await send(answer, response, responseHeaders);
        return;
      }
      const body = hasBody ? bodyOf(incoming) : null;
      const webRequest = new Request(requestUrl, {
        method: incoming.method,
        headers,
        body: body?.stream,
        signal: controller.signal,
        duplex: "half",
      } as RequestInit);
      const answer = await target.handle(webRequest);
      body?.drain();
      await new Promise<void>((resolve) => compress(incoming, response, resolve));
      await send(answer, response, responseHeaders);
    };
  }

  return { route };
}
