import http from "node:http";
import net, { type AddressInfo } from "node:net";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { appTestDb } from "@/server/testing/appDb";
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

/** Sends a 30 MB flow save over a raw socket as fast as the server takes it; the answer and how much went out. */
async function sendBig(chunked: boolean): Promise<{ answer: string; sent: number }> {
  const socket = net.connect(port, "127.0.0.1");
  let answer = "";
  socket.on("data", (chunk) => (answer += chunk.toString("latin1")));
  socket.on("error", () => undefined);
  const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
  const framing = chunked ? "transfer-encoding: chunked" : `content-length: ${TOTAL}`;
  socket.write(`POST /api/trpc/flows.save HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\ncontent-type: application/json\r\n${framing}\r\n\r\n`);
  const chunk = Buffer.alloc(1 << 20, 32);
  let sent = 0;
  while (!socket.destroyed && sent < TOTAL && !answer) {
    sent += chunk.byteLength;
    const data = chunked ? Buffer.concat([Buffer.from(`${chunk.byteLength.toString(16)}\r\n`), chunk, Buffer.from("\r\n")]) : chunk;
    if (!socket.write(data)) await Promise.race([new Promise((resolve) => socket.once("drain", resolve)), closed]);
  }
  // The answer came (the server refused): stop sending, as a client reading its answer would.
  await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 10_000))]);
  socket.destroy();
  return { answer, sent };
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
        if (chunked && answer === "") {
          // Known limit: the server closes the connection after its 413 while the client is still sending, and
          // the client's system may drop the received answer on the reset that follows (no lingering close).
        } else {
          expect(answer, `${chunked ? "chunked" : "announced"}, ${sent} bytes sent`).toMatch(/^HTTP\/1\.1 413 /);
          expect(answer).toContain("PAYLOAD_TOO_LARGE");
        }
        // Nothing near the body's size was ever given to JSON.parse.
        const longest = Math.max(0, ...parse.mock.calls.map(([text]) => (typeof text === "string" ? text.length : 0)));
        expect(longest).toBeLessThan(64 * 1024);
        // Announced: refused before reading; chunked: at the limit, the rest dropped (at most 16 MB) or cut off.
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
