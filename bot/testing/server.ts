import http from "node:http";
import type { AddressInfo } from "node:net";

/** A loopback HTTP server for tests: the handler gets the parsed JSON body (or null). */
export async function listen(
  handler: (req: http.IncomingMessage, body: { raw: Buffer; json: unknown }, res: http.ServerResponse) => void | Promise<void>,
): Promise<{ url: string; port: number; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const raw = Buffer.concat(chunks);
      let json: unknown = null;
      try {
        json = raw.length ? JSON.parse(raw.toString("utf8")) : null;
      } catch {
        json = null;
      }
      Promise.resolve(handler(req, { raw, json }, res)).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
        res.end(String(error));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

/** Waits until `check` returns a value that is not undefined/false, or fails after `timeoutMs`. */
export async function until<T>(
  check: () => T | undefined | false | null | Promise<T | undefined | false | null>,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false && value !== null) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
