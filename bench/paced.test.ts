import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { latencyStats, paced, percentile, slotsOf } from "./paced";

/** A local server whose `answer` decides, per request (numbered from 1 in order of arrival), what happens. */
async function server(answer: (n: number, req: http.IncomingMessage, res: http.ServerResponse) => void) {
  let n = 0;
  const sockets = new Set<unknown>();
  const bodies: string[] = [];
  const s = http.createServer((req, res) => {
    sockets.add(req.socket);
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      bodies.push(Buffer.concat(chunks).toString("utf8"));
      answer(++n, req, res);
    });
  });
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  servers.push(s);
  return { url: `http://127.0.0.1:${(s.address() as AddressInfo).port}`, count: () => n, sockets, bodies };
}

const servers: http.Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((resolve) => s.close(resolve));
  }
});

const ok = (res: http.ServerResponse) => res.writeHead(200, { "content-type": "text/plain" }).end("ok");

describe("the paced schedule", () => {
  it("spreads rate × seconds slots evenly over the clients, each client one every clients/rate seconds", () => {
    const options = { rate: 300, clients: 50, seconds: 2 };
    const all = Array.from({ length: 50 }, (_, i) => slotsOf(i, options));
    expect(all.flat()).toHaveLength(600);
    expect(
      all
        .flat()
        .sort((a, b) => a - b)
        .map((t, j) => t - (j * 1000) / 300)
        .every((d) => Math.abs(d) < 1e-9),
    ).toBe(true);
    // Client 3: first at 3/300 s, then every 50/300 s.
    expect(all[3].slice(0, 3).map((t) => Math.round(t * 1000) / 1000)).toEqual([10, 176.667, 343.333]);
    expect(all.every((slots) => slots.length === 12)).toBe(true);
  });

  it("counts a rate that does not divide evenly exactly", () => {
    const options = { rate: 7, clients: 3, seconds: 1 };
    expect([0, 1, 2].map((i) => slotsOf(i, options).length)).toEqual([3, 2, 2]);
  });
});

describe("the statistics", () => {
  it("takes percentiles by nearest rank", () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i); // 100 … 1, unsorted
    expect(latencyStats(samples)).toEqual({ p50: 50, p90: 90, p99: 99, max: 100, mean: 50.5 });
    expect(percentile([5], 0.99)).toBe(5);
    expect(latencyStats([]).p99).toBe(0);
  });
});

describe("paced against a local server", () => {
  it("sends exactly rate × seconds requests, one keep-alive connection per client, through the request's own builder", async () => {
    const local = await server((_, __, res) => ok(res));
    let built = 0;
    const answered: number[] = [];
    const result = await paced({
      url: local.url,
      rate: 200,
      clients: 5,
      seconds: 1,
      requests: [
        {
          method: "POST",
          path: "/save",
          setupRequest: (request, context: { n?: number }) => {
            expect(context.n).toBeUndefined(); // a fresh context for every request
            context.n = ++built;
            return { ...request, headers: { "content-type": "text/plain" }, body: `request ${context.n}` };
          },
          onResponse: (status, body, context: { n?: number }) => answered.push(context.n!),
        },
      ],
    });
    expect(result).toMatchObject({ "2xx": 200, non2xx: 0, errors: 0, scheduled: 200, sent: 200 });
    expect(result.samples).toHaveLength(200);
    expect(local.count()).toBe(200);
    expect(local.sockets.size).toBe(5);
    expect(built).toBe(200);
    expect(answered.sort((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(new Set(local.bodies).size).toBe(200);
  });

  it("counts refusals and broken connections apart, exactly", async () => {
    const local = await server((n, req, res) => {
      if (n % 5 === 0) res.writeHead(503).end("busy");
      else if (n % 7 === 0) req.socket.destroy();
      else ok(res);
    });
    const statuses: number[] = [];
    const result = await paced({
      url: local.url,
      rate: 50,
      clients: 5,
      seconds: 1,
      requests: [{ method: "GET", path: "/", onResponse: (status) => statuses.push(status) }],
    });
    // Of 1…50: ten multiples of 5 (refused), 7, 14, 21, 28, 42, 49 cut off (35 is refused).
    expect(result).toMatchObject({ "2xx": 34, non2xx: 10, errors: 6, sent: 50 });
    expect(statuses.filter((s) => s === 503)).toHaveLength(10);
    expect(statuses).toHaveLength(44);
  });

  it("puts every 10th answer delayed by 200 ms or more into the p99", async () => {
    // 205 ms on the server's timer: a timer may fire up to a millisecond early against the client's clock.
    const local = await server((n, _, res) => (n % 10 === 0 ? setTimeout(() => ok(res), 205) : ok(res)));
    const result = await paced({ url: local.url, rate: 100, clients: 10, seconds: 1, requests: [{ method: "GET", path: "/" }] });
    expect(result["2xx"]).toBe(100);
    expect(result.latency.p99).toBeGreaterThanOrEqual(200);
    expect(result.latency.max).toBeGreaterThanOrEqual(200);
    expect(result.samples.filter((ms) => ms >= 200).length).toBeGreaterThanOrEqual(10);
  });

  it("charges a 1 s stall to every slot it covers, counted from the slot (coordinated omission corrected)", async () => {
    // The first 25 requests are answered at once; every later one waits until 1 s after the 26th arrived.
    let release: number | undefined;
    const held: http.ServerResponse[] = [];
    const local = await server((n, _, res) => {
      if (n <= 25) return ok(res);
      if (release === undefined) {
        release = Date.now() + 1000;
        setTimeout(() => held.splice(0).forEach(ok), 1000);
      }
      if (Date.now() >= release) ok(res);
      else held.push(res);
    });
    const rate = 50; // a slot every 20 ms; 5 clients, each one every 100 ms
    const result = await paced({ url: local.url, rate, clients: 5, seconds: 2, requests: [{ method: "GET", path: "/" }] });
    expect(result).toMatchObject({ "2xx": 100, sent: 100, errors: 0 });
    // The 26th request went out at slot 25 (0.5 s) or later, so the stall lasts until 1.5 s at least:
    // slot j (at j·20 ms) answers no sooner, a latency of at least 1,000 − (j − 25)·20 ms. A generator
    // that timed from the moment it sent would see 5 slow answers (one held per client) and fast ones after.
    for (let j = 30; j < 70; j++) expect(result.samples[j]).toBeGreaterThanOrEqual(1000 - (j - 25) * 20 - 1);
    const during = result.samples.slice(30, 70);
    expect(during.filter((ms) => ms >= 500).length).toBeGreaterThanOrEqual(20);
    // The latencies fall from slot to slot during the stall: each later slot waited 20 ms less.
    expect(result.samples[30]).toBeGreaterThan(result.samples[60]);
    expect(result.latency.max).toBeGreaterThanOrEqual(900);
  });
});
