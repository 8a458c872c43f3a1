import http from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { sendLargeBody } from "@/server/testing/rawHttp";
import { LINGER_MAX_CONNECTIONS, LINGER_MS, byteBudget, dropUnreadBody, lingeringConnections, refuseUnboundedBody } from "./linger";

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

/**
 * A client that announces `announced` bytes, sends 64 KB of them and then nothing, keeping its
 * side open after the server's FIN (half-open allowed): its connection would linger its full
 * LINGER_MS. `answer` collects what the server sent.
 */
function stalledClient(port: number, head: string, announced: number): { socket: net.Socket; answer: string } {
  const client = { socket: net.connect({ port, host: "127.0.0.1", allowHalfOpen: true }), answer: "" };
  client.socket.on("data", (chunk: Buffer) => (client.answer += chunk.toString("latin1")));
  client.socket.on("error", () => undefined);
  client.socket.write(`${head}\r\ncontent-length: ${announced}\r\n\r\n`);
  client.socket.write(Buffer.alloc(64 << 10, 32));
  return client;
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
    const { server, port, head } = await answeringWithoutReading((req, res) => refuseUnboundedBody(req, res, 1 << 20));
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

  it("are refused with 411 when sent without a Content-Length (chunked), whatever their size: Next.js would read them whole", async () => {
    const { server, port, head } = await answeringWithoutReading((req, res) => refuseUnboundedBody(req, res, 1 << 20));
    try {
      for (const total of [10, 64 << 20]) {
        const { answer, sent } = await sendLargeBody(port, head, { total, chunked: true, client: "polite" });
        expect(answer, `${total} bytes`).toMatch(/^HTTP\/1\.1 411 /);
        expect(answer).toContain("LENGTH_REQUIRED");
        expect(sent).toBeLessThan(40 << 20);
      }
      // With a Content-Length within the limit, or no body at all, the handler answers.
      const small = await fetch(`http://127.0.0.1:${port}/signin`, { method: "POST", body: "x".repeat(1000) });
      expect(await small.text()).toBe("page");
      expect(await (await fetch(`http://127.0.0.1:${port}/signin`)).text()).toBe("page");
      // A GET framed as chunked (as a proxy may send it) is not refused: nobody reads a GET's body.
      const get = await sendLargeBody(port, `GET /signin HTTP/1.1\r\nhost: 127.0.0.1:${port}`, {
        total: 10,
        chunked: true,
        client: "polite",
      });
      expect(get.answer).toMatch(/^HTTP\/1\.1 200 [\s\S]*page$/);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it("keep at most LINGER_MAX_CONNECTIONS connections lingering: refused bodies sent back to back close the oldest first", async () => {
    const { server, port, head } = await answeringWithoutReading((req, res) => refuseUnboundedBody(req, res, 1 << 20));
    const started = performance.now();
    // When the server closed each connection, in the order they came.
    const closedAfter: (number | undefined)[] = [];
    server.on("connection", (socket: net.Socket) => {
      const index = closedAfter.push(undefined) - 1;
      socket.once("close", () => (closedAfter[index] = performance.now() - started));
    });
    let most = 0;
    const watch = setInterval(() => (most = Math.max(most, lingeringConnections())), 5);
    const clients: { socket: net.Socket; answer: string }[] = [];
    try {
      // Clients that announce 64 MB, send 64 KB of it and then nothing, keeping their side open after
      // the server's FIN: each would linger its full LINGER_MS. One every 100 ms, each answered at once.
      for (let i = 0; i < LINGER_MAX_CONNECTIONS + 2; i++) {
        clients.push(stalledClient(port, head, 64 << 20));
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      for (const { answer } of clients) expect(answer).toMatch(/^HTTP\/1\.1 413 /);
      // The two oldest were closed when the last two came, long before their LINGER_MS were up; the others linger.
      expect(closedAfter).toHaveLength(LINGER_MAX_CONNECTIONS + 2);
      expect(closedAfter[0]).toBeLessThan(LINGER_MS / 2);
      expect(closedAfter[1]).toBeLessThan(LINGER_MS / 2);
      expect(closedAfter.slice(2).every((at) => at === undefined)).toBe(true);
      expect(most).toBe(LINGER_MAX_CONNECTIONS);
      expect(lingeringConnections()).toBe(LINGER_MAX_CONNECTIONS);
    } finally {
      clearInterval(watch);
      for (const { socket } of clients) socket.destroy();
      server.closeAllConnections();
      server.close();
    }
  });

  it("count a kept-alive connection as lingering only while its unread body is being dropped", async () => {
    const { server, port, head } = await answeringWithoutReading((req, res) => {
      dropUnreadBody(req, res);
      return false;
    });
    let serverSide: net.Socket | undefined;
    server.on("connection", (accepted: net.Socket) => (serverSide = accepted));
    const socket = net.connect(port, "127.0.0.1");
    try {
      let answer = "";
      socket.on("data", (chunk: Buffer) => (answer += chunk.toString("latin1")));
      const answers = async (count: number) => {
        while ((answer.match(/page/g) ?? []).length < count) await new Promise((resolve) => setTimeout(resolve, 10));
      };
      const listeners: number[] = [];
      // Three requests on one connection, each answered before its body has arrived.
      for (let round = 1; round <= 3; round++) {
        socket.write(`${head}\r\ncontent-length: ${4 << 20}\r\n\r\n`);
        socket.write(Buffer.alloc(1 << 20, 32));
        await answers(round);
        expect(lingeringConnections()).toBe(1);
        // The rest of the body arrives and is dropped: the connection goes on, no longer lingering.
        socket.write(Buffer.alloc(3 << 20, 32));
        while (lingeringConnections() > 0) await new Promise((resolve) => setTimeout(resolve, 10));
        listeners.push(serverSide!.listenerCount("close"));
      }
      socket.write(`GET /again HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\n\r\n`);
      await answers(4);
      expect(socket.destroyed).toBe(false);
      expect(lingeringConnections()).toBe(0);
      // No request leaves a listener on the connection behind.
      expect(new Set(listeners).size).toBe(1);
    } finally {
      socket.destroy();
      server.closeAllConnections();
      server.close();
    }
  });

  it("never close for room a lingering connection whose answer is still being written", async () => {
    const answer = Buffer.alloc(8 << 20, 97);
    const server = http.createServer((req, res) => {
      if (refuseUnboundedBody(req, res, 1 << 20)) return;
      // A page (Next.js) that answers without reading the body, too large an answer for the socket buffers.
      dropUnreadBody(req, res);
      res.setHeader("content-length", answer.byteLength);
      res.end(answer);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    const sockets: net.Socket[] = [];
    try {
      // The victim: half of a 1 MB body sent, its 8 MB answer not read yet.
      const victim = net.connect(port, "127.0.0.1");
      sockets.push(victim);
      victim.pause();
      victim.write(`POST /page HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-length: ${1 << 20}\r\n\r\n`);
      victim.write(Buffer.alloc(512 << 10, 32));
      while (lingeringConnections() < 1) await new Promise((resolve) => setTimeout(resolve, 10));
      // As many refused bodies as may linger, and one more: none of them closes the victim.
      for (let i = 0; i < LINGER_MAX_CONNECTIONS; i++) {
        sockets.push(stalledClient(port, "POST /x HTTP/1.1\r\nhost: 127.0.0.1", 12 << 20).socket);
        await new Promise((resolve) => setTimeout(resolve, 30));
      }
      expect(lingeringConnections()).toBe(LINGER_MAX_CONNECTIONS);
      let received = 0;
      const whole = new Promise<void>((resolve) =>
        victim.on("data", (chunk: Buffer) => {
          received += chunk.byteLength;
          if (received > answer.byteLength) resolve();
        }),
      );
      victim.resume();
      await whole;
      expect(victim.destroyed).toBe(false);
    } finally {
      for (const socket of sockets) socket.destroy();
      server.closeAllConnections();
      server.close();
    }
  });
});
