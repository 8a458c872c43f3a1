import { AppError } from "@/server/errors";

/** tRPC bodies: a flow document (5 MB as JSON) plus the envelope of a batch call. */
export const TRPC_MAX_BODY_BYTES = 5 * 1024 * 1024 + 64 * 1024;
/** /api/v1/consent-events: a bot's batch of events. */
export const CONSENT_MAX_BODY_BYTES = 1024 * 1024;
/** /api/v1/events: up to 500 small analytics events. */
export const ANALYTICS_MAX_BODY_BYTES = 512 * 1024;
/** /api/auth: next-auth's forms (sign-in, sign-out, CSRF), a few hundred bytes. */
export const AUTH_MAX_BODY_BYTES = 64 * 1024;

export function payloadTooLarge(maxBytes: number): AppError {
  return new AppError("PAYLOAD_TOO_LARGE", `The request body is too large: at most ${maxBytes} bytes are allowed.`, {
    params: { max: maxBytes },
  });
}

/** Whether a Content-Length header announces a body above `maxBytes` (a missing one announces none). */
export function announcesMoreThan(contentLength: string | null | undefined, maxBytes: number): boolean {
  const length = Number(contentLength ?? "0");
  return Number.isFinite(length) && length > maxBytes;
}

/** Refuses at once when the client announces a body above the limit. */
export function announcedTooLarge(request: Request, maxBytes: number): boolean {
  return announcesMoreThan(request.headers.get("content-length"), maxBytes);
}

/** The JSON body of an answer refusing a request body, as routes without an error shape of their own give it. */
export function refusalJson(error: Pick<AppError, "message"> & { code: string }): string {
  return JSON.stringify({ error: { code: error.code, message: error.message } });
}

/**
 * The body as text, read chunk by chunk and abandoned as soon as it passes
 * `maxBytes` (a missing or false Content-Length does not help an attacker), so
 * nothing larger is ever buffered or given to JSON.parse.
 */
export async function readBodyText(request: Request, maxBytes: number): Promise<string> {
  if (announcedTooLarge(request, maxBytes)) throw payloadTooLarge(maxBytes);
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw payloadTooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return bodyTextOf(Buffer.concat(chunks));
}

/** A body's bytes as text: UTF-8, a leading byte order mark dropped, refused as INVALID_INPUT when not UTF-8. */
export function bodyTextOf(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new AppError("INVALID_INPUT", "The request body is not valid UTF-8 text.");
  }
}

/**
 * A copy of `request` whose body stream fails with PAYLOAD_TOO_LARGE once it passes
 * `maxBytes` (at once when Content-Length announces more), for handlers such as
 * tRPC's that read the body themselves: the error reaches them as the body's error.
 */
export function withBodyLimit(request: Request, maxBytes: number): Request {
  if (!request.body) return request;
  const announced = announcedTooLarge(request, maxBytes);
  let total = 0;
  const limiter = new TransformStream<Uint8Array, Uint8Array>({
    start(controller) {
      if (announced) controller.error(payloadTooLarge(maxBytes));
    },
    transform(chunk, controller) {
      total += chunk.byteLength;
      if (total > maxBytes) controller.error(payloadTooLarge(maxBytes));
      else controller.enqueue(chunk);
    },
  });
  return new Request(request.url, {
    method: request.method,
    headers: request.headers,
    body: request.body.pipeThrough(limiter),
    signal: request.signal,
    duplex: "half",
  } as RequestInit);
}

/**
 * The body of `request` as text read within `maxBytes` (null without a body), for handlers
 * such as next-auth's that read a body whole without a limit; or the JSON error answer to
 * give instead of calling them (413 past the limit, 400 for a body that is not UTF-8).
 */
export async function bodyWithin(request: Request, maxBytes: number): Promise<string | null | Response> {
  if (!request.body) return null;
  try {
    return await readBodyText(request, maxBytes);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const status = error.code === "PAYLOAD_TOO_LARGE" ? 413 : 400;
    return new Response(refusalJson(error), { status, headers: { "content-type": "application/json", "cache-control": "no-store" } });
  }
}
