import http from "node:http";
import type { AddressInfo } from "node:net";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { appTestDb } from "@/server/testing/appDb";
import { sendLargeBody } from "@/server/testing/rawHttp";
import { TRPC_MAX_BODY_BYTES } from "./body";
import { createDirectRoutes } from "./direct";

/*
 * Issue 13: "a 30 MB save by one client does not move anyone else's p99". JSON.parse of
 * 30 MB on the only JavaScript thread would hold every other request for its duration, so
 * the flow save's body limit (5 MB) must refuse such a body before reading it whole, let
 * alone parsing it: at once when Content-Length announces it, while counting when it comes
 * chunked. The event loop's delay meanwhile is printed (a figure, not asserted).
 */

let server: http.Server;
let port: number;
appTestDb();

beforeAll(async () => {
  server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
  const direct = createDirectRoutes({ port });
  server.on("request", (req: http.IncomingMessage, res: http.ServerResponse) => void direct.route(req)?.(req, res));
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const TOTAL = 30 << 20;

/** Sends a 30 MB flow save as fast as the server takes it, reading the answer meanwhile. */
function sendBig(chunked: boolean) {
  const head = `POST /api/trpc/flows.save HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\ncontent-type: application/json`;
  return sendLargeBody(port, head, { total: TOTAL, chunked, client: "polite" });
}

describe("a 30 MB flow save on the direct route", () => {
  it("is refused with 413 before it is read whole or parsed, announced or chunked", async () => {
    // A small save first, so the figures below are not the first request's loading of the router.
    await fetch(`http://127.0.0.1:${port}/api/trpc/flows.save`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    const parse = vi.spyOn(JSON, "parse");
    const delay = monitorEventLoopDelay({ resolution: 1 });
    try {
      for (const chunked of [false, true]) {
        parse.mockClear();
        delay.reset();
        delay.enable();
        const { answer, sent } = await sendBig(chunked);
        delay.disable();
        // Answered, not reset: the server lingers after its 413 (server/http/linger.ts).
        expect(answer, `${chunked ? "chunked" : "announced"}, ${sent} bytes sent`).toMatch(/^HTTP\/1\.1 413 /);
        expect(answer).toContain("PAYLOAD_TOO_LARGE");
        // Nothing near the body's size was ever given to JSON.parse.
        const longest = Math.max(0, ...parse.mock.calls.map(([text]) => (typeof text === "string" ? text.length : 0)));
        expect(longest).toBeLessThan(64 * 1024);
        // Announced: refused before reading; chunked: at the limit; the rest dropped (at most 16 MB) or not sent.
        expect(sent).toBeLessThan(TOTAL);
        if (chunked) expect(sent).toBeGreaterThan(TRPC_MAX_BODY_BYTES - (1 << 20));
        console.log(
          `30 MB save, ${chunked ? "chunked" : "Content-Length"}: 413 after ${(sent / (1 << 20)).toFixed(0)} MB sent; ` +
            `event loop delay (this process: server and sender) max ${(delay.max / 1e6).toFixed(1)} ms, p99 ${(delay.percentile(99) / 1e6).toFixed(1)} ms`,
        );
      }
    } finally {
      parse.mockRestore();
    }
  });
});
