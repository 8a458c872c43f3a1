import http from "node:http";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import type autocannon from "autocannon";

/**
 * An open-loop load generator with evenly paced clients, for the "at N/s offered" rows
 * of the load bench. autocannon's `overallRate` gives each connection an allowance per
 * second, which it spends at once: every second starts with all clients in a closed-loop
 * burst and ends with them idle. Here `clients` clients (one keep-alive connection each)
 * send on a fixed schedule instead: client i sends at start + i/rate + k·clients/rate
 * (k = 0, 1, …), so that together they send one request every 1/rate seconds.
 *
 * A request's latency counts from its scheduled send time, not from when it went out
 * (coordinated omission corrected, as wrk2 does): a client still waiting for an answer
 * when its next slot comes sends the next request as soon as the answer arrives, and
 * that request's latency includes the time it was held back, so a server that stalls
 * is charged for every slot the stall covered.
 *
 * The requests are autocannon's request objects (`setupRequest`, `onResponse`), so the
 * bench's request builders serve both generators; each request gets a fresh context,
 * as autocannon's does after every answer.
 */
export type PacedOptions = {
  url: string;
  requests: autocannon.Request[];
  /** Requests per second, all clients together. */
  rate: number;
  clients: number;
  seconds: number;
  /** An answer slower than this is an error and its connection is dropped (default 10 s). */
  timeoutMs?: number;
};

export type Latency = { p50: number; p90: number; p99: number; max: number; mean: number };

/** Shaped like the parts of autocannon's result the bench prints, so one table takes both. */
export type PacedResult = {
  "2xx": number;
  non2xx: number;
  errors: number;
  /** Requests scheduled (rate × seconds) and sent: equal unless the run was cut short. */
  scheduled: number;
  sent: number;
  /** Seconds from the first slot to the last answer, at least `seconds`: a server that fell behind stretches it. */
  duration: number;
  latency: Latency;
  /** Every request's latency in ms from its slot to its answer (or error), in order of the slots. */
  samples: number[];
  /**
   * How late this process's own timers and callbacks ran meanwhile (ms): latency the
   * generator adds itself when the machine has no core to spare for it.
   */
  generatorDelay: { p99: number; max: number };
};

/** The value below which `q` of the sorted samples lie (nearest rank: p99 of 100 samples is the 99th). */
export function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1];
}

export function latencyStats(samples: number[]): Latency {
  const sorted = Float64Array.from(samples).sort();
  const list = Array.from(sorted);
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return {
    p50: round(percentile(list, 0.5)),
    p90: round(percentile(list, 0.9)),
    p99: round(percentile(list, 0.99)),
    max: round(list.length ? list[list.length - 1] : 0),
    mean: round(list.length ? list.reduce((a, b) => a + b, 0) / list.length : 0),
  };
}

/** The send times (ms after the start) of client `index`'s requests. */
export function slotsOf(index: number, { rate, clients, seconds }: Pick<PacedOptions, "rate" | "clients" | "seconds">): number[] {
  const gap = 1000 / rate;
  const slots: number[] = [];
  for (let j = index; j * gap < seconds * 1000 - 1e-9; j += clients) slots.push(j * gap);
  return slots;
}

type Answer = { status: number; body: string; headers: http.IncomingHttpHeaders } | { error: Error };

function send(
  agent: http.Agent,
  target: URL,
  request: { method?: string; path?: string; headers?: Record<string, string>; body?: string | Buffer },
  timeoutMs: number,
): Promise<Answer> {
  return new Promise((resolve) => {
    const body = request.body === undefined ? undefined : Buffer.isBuffer(request.body) ? request.body : Buffer.from(request.body);
    const req = http.request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        method: request.method ?? "GET",
        path: request.path ?? "/",
        headers: { ...request.headers, ...(body ? { "content-length": String(body.length) } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8"), headers: res.headers }));
        res.on("error", (error) => resolve({ error }));
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`No answer within ${timeoutMs} ms`)));
    req.on("error", (error) => resolve({ error }));
    req.end(body);
  });
}

export async function paced(options: PacedOptions): Promise<PacedResult> {
  const { url, requests, rate, clients, seconds, timeoutMs = 10_000 } = options;
  if (!(rate > 0) || !(clients >= 1) || !(seconds > 0) || requests.length === 0) {
    throw new Error(
      `paced: needs rate > 0, clients ≥ 1, seconds > 0 and a request (got ${rate}, ${clients}, ${seconds}, ${requests.length})`,
    );
  }
  if (requests.some((r) => typeof r.setupRequest === "string" || typeof r.onResponse === "string")) {
    throw new Error("paced: setupRequest and onResponse must be functions (autocannon's module paths are not supported)");
  }
  const target = new URL(url);
  const schedules = Array.from({ length: clients }, (_, i) => slotsOf(i, options));
  const scheduled = schedules.reduce((n, slots) => n + slots.length, 0);
  const samples: number[] = new Array(scheduled);
  let ok = 0;
  let non2xx = 0;
  let errors = 0;
  let sent = 0;
  let lastAnswer = 0;
  // A short lead, so that every client has set its first timer before the first slot.
  const start = performance.now() + 20;

  const client = async (index: number) => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      for (let k = 0; k < schedules[index].length; k++) {
        const slot = start + schedules[index][k];
        const wait = slot - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        const spec = requests[k % requests.length];
        const context: Record<string, unknown> = {};
        const base = { method: spec.method, path: spec.path, headers: spec.headers, body: spec.body };
        const setup = spec.setupRequest as ((request: autocannon.Request, context: object) => autocannon.Request) | undefined;
        const request = setup ? (setup(base as autocannon.Request, context) as typeof base) : base;
        sent++;
        const answer = await send(agent, target, request as Parameters<typeof send>[2], timeoutMs);
        const done = performance.now();
        lastAnswer = Math.max(lastAnswer, done);
        // Slot j (= index + k·clients) in the order of the whole run.
        samples[index + k * clients] = done - slot;
        if ("error" in answer) {
          errors++;
          continue;
        }
        if (answer.status >= 200 && answer.status < 300) ok++;
        else non2xx++;
        const onResponse = spec.onResponse as
          ((status: number, body: string, context: object, headers: http.IncomingHttpHeaders) => void) | undefined;
        onResponse?.(answer.status, answer.body, context, answer.headers);
      }
    } finally {
      agent.destroy();
    }
  };
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  await Promise.all(schedules.map((_, i) => client(i)));
  delay.disable();
  return {
    "2xx": ok,
    non2xx,
    errors,
    scheduled,
    sent,
    duration: Math.max(seconds, (lastAnswer - start) / 1000),
    latency: latencyStats(samples),
    samples,
    generatorDelay: { p99: delay.percentile(99) / 1e6, max: delay.max / 1e6 },
  };
}
