/*
 * One way to call HTTP services (platform APIs, Flowguard, processors): a timeout on
 * every request, and failures sorted into "try again later" (network, timeouts, 429,
 * 5xx) and "this request will never succeed" (other 4xx), which go to the dead letters.
 */

export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly status: number | null = null,
    /** The service asked to wait this long (Retry-After, Telegram's retry_after). */
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
    this.name = "DeliveryError";
  }
}

export interface HttpResult {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

export async function request(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: unknown; timeoutMs: number; signal?: AbortSignal },
): Promise<HttpResult> {
  const signals = [AbortSignal.timeout(init.timeoutMs), ...(init.signal ? [init.signal] : [])];
  let response: Response;
  try {
    response = await fetch(url, {
      method: init.method ?? (init.body === undefined ? "GET" : "POST"),
      headers: { ...(init.body === undefined ? {} : { "content-type": "application/json" }), ...init.headers },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: AbortSignal.any(signals),
    });
  } catch (error) {
    const reason = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
    throw new DeliveryError(`${new URL(url).host}: ${reason}`, true);
  }
  const text = await response.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** Throws a DeliveryError for anything but 2xx, retryable for 408, 429 and 5xx. */
export function expectOk(result: HttpResult, what: string, detail?: string): HttpResult {
  if (result.status >= 200 && result.status < 300) return result;
  const retryAfter = Number(result.headers.get("retry-after"));
  const retryable = result.status === 408 || result.status === 429 || result.status >= 500;
  throw new DeliveryError(
    `${what} answered ${result.status}${detail ? `: ${detail}` : result.text ? `: ${result.text.slice(0, 300)}` : ""}`,
    retryable,
    result.status,
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : null,
  );
}

/** Exponential backoff with a little jitter, at most five minutes. */
export function backoffMs(attempt: number, baseMs: number): number {
  const exponential = Math.min(baseMs * 2 ** attempt, 300_000);
  return Math.round(exponential * (0.8 + Math.random() * 0.4));
}

export const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
  });
