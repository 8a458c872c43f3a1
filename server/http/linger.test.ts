import http from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { sendLargeBody } from "@/server/testing/rawHttp";
import { byteBudget, dropUnreadBody, refuseAnnouncedBody } from "./linger";

describe("the budget that paces the dropping of refused bodies", () => {
  it("lends its burst at once, then asks to wait as long as the overdraft takes to refill", () => {
    let now = 0;
    const budget = byteBudget(1_000_000, 100_000, () => now);
    expect(budget.take(60_000)).toBe(0);
    expect(budget.take(40_000)).toBe(0);
    // 50,000 bytes over: 50 ms at 1,000,000 bytes a second.
    expect(budget.take(50_000)).toBe(50);
    now += 50;
    expect(budget.take(1)).toBe(1);
  });

  it("refills with time up to its burst, never beyond", () => {
    let now = 0;
    const budget = byteBudget(1_000_000, 100_000, () => now);
    expect(budget.take(100_000)).toBe(0);
    now += 10_000; // ten seconds idle refill 100,000 bytes, not 10,000,000
    expect(budget.take(100_000)).toBe(0);
    expect(budget.take(10_000)).toBe(10);
  });

  it("is shared: two takers together get the rate, not twice it", () => {
    const budget = byteBudget(1_000_000, 0, () => 0);
    const waits: number[] = [];
    for (let i = 0; i < 10; i++) waits.push(budget.take(10_000));
    // Ten takes of 10,000 bytes from one budget: the last must wait 100 ms, as one taker of 100,000 would.
    expect(waits.at(-1)).toBe(100);
  });
});

/** A server whose handler answers without reading the body, as Next.js does for a page; `guard` runs first. */
async function answeringWithoutReading(guard: (req: http.IncomingMessage, res: http.ServerResponse) => boolean) {
  const server = http.createServer((req, res) => {
    if (guard(req, res)) return;
    setTimeout(() => res.end("page"), 20);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const head = `POST /signin HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\ncontent-type: text/plain`;
  return { server, port, head };
}

describe("bodies left unread by a handler that is not ours (Next.js)", () => {
  it("are dropped paced and cut off at 16 MB, not read whole: 64 MB sent at a page", async () => {
    const { server, port, head } = await answeringWithoutReading((req, res) => {
      dropUnreadBody(req, res);
      return false;
    });
    try {
      for (const chunked of [false, true]) {
        const { answer, sent } = await sendLargeBody(port, head, { total: 64 << 20, chunked, client: "pushy" });
        expect(answer, chunked ? "chunked" : "announced").toMatch(/^HTTP\/1\.1 200 [\s\S]*page$/);
        expect(sent).toBeLessThan(40 << 20);
      }
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it("are dropped after a handler that read part of them through a stream: a naive client still gets its answer", async () => {
    const { server, port, head } = await answeringWithoutReading((req, res) => {
      dropUnreadBody(req, res);
      // A reader that stops after its first chunk, leaving its "readable" listener behind.
      req.on("readable", () => undefined);
      req.once("readable", () => {
        req.read();
        res.end("page");
      });
      return true;
    });
    try {
      const { answer, error, sent } = await sendLargeBody(port, head, { total: 8 << 20, chunked: false, client: "naive" });
      expect(error).toBeNull();
      expect(sent).toBe(8 << 20);
      expect(answer).toMatch(/^HTTP\/1\.1 200 [\s\S]*page$/);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it("are refused with 413 at once when their Content-Length is above the limit, and the answer reaches a naive client", async () => {
    const { server, port, head } = await answeringWithoutReading((req, res) => refuseAnnouncedBody(req, res, 1 << 20));
    try {
      const { answer, error } = await sendLargeBody(port, head, { total: 8 << 20, chunked: false, client: "naive" });
      expect(error).toBeNull();
      expect(answer).toMatch(/^HTTP\/1\.1 413 /);
      expect(answer).toContain("PAYLOAD_TOO_LARGE");
      // Within the limit, the handler answers.
      const small = await fetch(`http://127.0.0.1:${port}/signin`, { method: "POST", body: "x".repeat(1000) });
      expect(await small.text()).toBe("page");
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
