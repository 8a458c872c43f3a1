import { describe, expect, it } from "vitest";
import { bodyWithin } from "./body";

/** A POST whose body comes as a stream (no Content-Length), in chunks of `chunk` bytes. */
function streamed(total: number, chunk = 16 * 1024): { request: Request; sent: () => number } {
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= total) return controller.close();
      const size = Math.min(chunk, total - sent);
      sent += size;
      controller.enqueue(new Uint8Array(size).fill(0x61));
    },
  });
  const request = new Request("http://localhost/api/auth/callback/credentials", { method: "POST", body, duplex: "half" } as RequestInit);
  return { request, sent: () => sent };
}

describe("a body read within a limit for a handler that reads it whole (next-auth)", () => {
  it("gives the text of a form within the limit, and null without a body", async () => {
    const form = new Request("http://localhost/api/auth/signout", { method: "POST", body: "csrfToken=abc&json=true" });
    expect(await bodyWithin(form, 64 * 1024)).toBe("csrfToken=abc&json=true");
    expect(await bodyWithin(new Request("http://localhost/api/auth/session"), 64 * 1024)).toBeNull();
  });

  it("answers 413 for a streamed body past the limit, without reading the rest", async () => {
    const big = streamed(64 << 20);
    const answer = await bodyWithin(big.request, 64 * 1024);
    expect(big.sent()).toBeLessThan(1 << 20);
    expect(answer).toBeInstanceOf(Response);
    const response = answer as Response;
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: { code: "PAYLOAD_TOO_LARGE" } });
  });

  it("answers 413 at once for an announced body past the limit, and 400 for one that is not UTF-8", async () => {
    const announced = new Request("http://localhost/api/auth/callback/credentials", {
      method: "POST",
      headers: { "content-length": String(1 << 20) },
      body: "x",
    });
    expect(((await bodyWithin(announced, 64 * 1024)) as Response).status).toBe(413);
    const latin1 = new Request("http://localhost/api/auth/callback/credentials", { method: "POST", body: new Uint8Array([0x61, 0xff]) });
    const refused = (await bodyWithin(latin1, 64 * 1024)) as Response;
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: { code: "INVALID_INPUT" } });
  });
});
