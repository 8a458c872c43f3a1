import http from "node:http";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authOptions } from "@/server/auth/options";
import { appTestDb } from "@/server/testing/appDb";
import { sendLargeBody } from "@/server/testing/rawHttp";
import { TEST_PASSWORD, workspaceWithOwner } from "@/server/testing/fixtures";
import { createApiToken } from "@/server/services/tokens";
import { GET as routeExport, OPTIONS as routeExportOptions } from "@/app/api/v1/flows/[id]/export/route";
import { POST as routeConsent } from "@/app/api/v1/consent-events/route";
import { POST as routeTrpc } from "@/app/api/trpc/[trpc]/route";
import { createDirectRoutes } from "./direct";

/*
 * The Node server's direct routes (server/http/direct.ts) over real HTTP, on a temporary
 * database with the real router and next-auth's real session cookie: the same answers as
 * the route files give the same request, and everything they do not serve left to Next.js.
 * e2e/direct.spec.ts compares them with Next.js itself.
 */

// next-auth's request handler (what /api/auth/* runs), for a real session cookie.
const { AuthHandler } = createRequire(import.meta.url)(path.join(process.cwd(), "node_modules/next-auth/core/index.js")) as {
  AuthHandler: (params: {
    req: Record<string, unknown>;
    options: unknown;
  }) => Promise<{ body?: unknown; cookies?: { name: string; value: string }[] }>;
};

const NEXT = 599;
let server: http.Server;
let base: string;
const t = appTestDb();

beforeAll(async () => {
  process.env.NEXTAUTH_SECRET ??= "test-secret-for-direct-route-tests";
  process.env.NEXTAUTH_URL ??= "http://localhost:3000";
  server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
  const direct = createDirectRoutes({ port });
  server.on("request", (req: http.IncomingMessage, res: http.ServerResponse) => {
    const handler = direct.route(req);
    if (handler) return void handler(req, res);
    // What Next.js would answer: marked, so a test sees the request was left to it.
    req.resume();
    res.statusCode = NEXT;
    res.end();
  });
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** One next-auth action with a cookie jar it updates. */
async function auth(jar: Record<string, string>, action: string, req: Record<string, unknown> = {}) {
  const answer = await AuthHandler({
    req: { action, method: "GET", body: {}, query: {}, cookies: { ...jar }, headers: { host: "localhost:3000" }, ...req },
    options: authOptions(),
  });
  for (const cookie of answer.cookies ?? []) {
    if (cookie.value) jar[cookie.name] = cookie.value;
    else delete jar[cookie.name];
  }
  return answer.body as Record<string, string>;
}

async function sessionCookie(email: string): Promise<Record<string, string>> {
  const jar: Record<string, string> = {};
  const { csrfToken } = await auth(jar, "csrf");
  await auth(jar, "callback", { method: "POST", providerId: "credentials", body: { csrfToken, email, password: TEST_PASSWORD } });
  return jar;
}

function cookieHeader(jar: Record<string, string>): string {
  return Object.entries(jar)
    .map(([name, value]) => `${name}=${value}`)
    .join("; ");
}

async function setup() {
  const { owner, ownerUser, ws, slug } = await workspaceWithOwner(t.db, { name: "Direct Shop" });
  const flow = await owner.flows.create({ workspaceSlug: slug, templateId: "leadCapture", name: "Leads", locale: "en" });
  await owner.flows.publish({ workspaceSlug: slug, flowId: flow.id });
  const token = async (scopes: ("exports:read" | "consent:write")[]) =>
    (await createApiToken(t.db, { workspaceId: ws.id, actorId: ownerUser.id, name: "Bot", scopes })).secret;
  return { owner, ownerUser, slug, flow, token, reader: await token(["exports:read"]), writer: await token(["consent:write"]) };
}

type Answer = { status: number; headers: Record<string, string>; body: string };

async function overHttp(url: string, init: RequestInit = {}): Promise<Answer> {
  const response = await fetch(`${base}${url}`, { redirect: "manual", ...init });
  return { status: response.status, headers: Object.fromEntries(response.headers), body: await response.text() };
}

async function read(response: Response): Promise<Answer> {
  return { status: response.status, headers: Object.fromEntries(response.headers), body: await response.text() };
}

/** Headers both give; the server's own (date, framing) and compression's Vary aside. */
function comparable(answer: Answer) {
  // Compression is Next.js's (and the direct routes') part, not the route file's: compared in e2e/direct.spec.ts.
  const {
    date: _date,
    connection: _c,
    "keep-alive": _k,
    "transfer-encoding": _te,
    "content-length": _cl,
    "content-encoding": _ce,
    vary,
    ...headers
  } = answer.headers;
  const withoutEncoding = vary
    ?.split(",")
    .map((v) => v.trim())
    .filter((v) => v.toLowerCase() !== "accept-encoding")
    .join(", ");
  return {
    status: answer.status,
    body: answer.body.replace(/"(version|currentVersion)":\d+/g, '"$1":N').replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, "(time)"),
    headers: { ...headers, ...(withoutEncoding ? { vary: withoutEncoding } : {}) },
  };
}

describe("direct /api/v1 routes", () => {
  it("answer exports like the route file: 200 with ETag and security headers, 304, 400, 401, 403, 404", async () => {
    const { flow, reader, writer } = await setup();
    const cases: [string, Record<string, string>][] = [
      [`${flow.id}/export?channel=telegram`, { authorization: `Bearer ${reader}` }],
      [`${flow.id}/export?channel=fax`, { authorization: `Bearer ${reader}` }],
      [`${flow.id}/export?channel=telegram`, {}],
      [`${flow.id}/export?channel=telegram`, { authorization: `Bearer ${writer}` }],
      [`elsewhere/export?channel=telegram`, { authorization: `Bearer ${reader}` }],
    ];
    const statuses: number[] = [];
    for (const [rest, headers] of cases) {
      const direct = await overHttp(`/api/v1/flows/${rest}`, { headers });
      const id = decodeURIComponent(rest.split("/")[0]!);
      const viaRoute = await read(
        await routeExport(new Request(`http://localhost/api/v1/flows/${rest}`, { headers }), { params: Promise.resolve({ id }) }),
      );
      expect(comparable(direct), rest).toEqual(comparable(viaRoute));
      statuses.push(direct.status);
    }
    expect(statuses).toEqual([200, 400, 401, 403, 404]);

    const first = await overHttp(`/api/v1/flows/${flow.id}/export?channel=telegram`, { headers: { authorization: `Bearer ${reader}` } });
    expect(first.headers["x-frame-options"]).toBe("DENY");
    expect(first.headers["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
    const again = await overHttp(`/api/v1/flows/${flow.id}/export?channel=telegram`, {
      headers: { authorization: `Bearer ${reader}`, "if-none-match": first.headers.etag! },
    });
    expect(again.status).toBe(304);
    expect(again.body).toBe("");
  });

  it("answer HEAD of an export as GET without the body: same status and headers, ETag and 304, token and its rate limit", async () => {
    const { flow, token, reader, writer } = await setup();
    const url = `/api/v1/flows/${flow.id}/export?channel=telegram`;
    for (const headers of [{ authorization: `Bearer ${reader}` }, {}, { authorization: `Bearer ${writer}` }] as Record<string, string>[]) {
      const head = await overHttp(url, { method: "HEAD", headers });
      const viaRoute = await read(
        await routeExport(new Request(`http://localhost${url}`, { headers }), { params: Promise.resolve({ id: flow.id }) }),
      );
      expect(head.body).toBe("");
      expect(comparable(head)).toEqual({ ...comparable(viaRoute), body: "" });
    }
    const etag = (await overHttp(url, { method: "HEAD", headers: { authorization: `Bearer ${reader}` } })).headers.etag;
    expect(etag).toBe((await overHttp(url, { headers: { authorization: `Bearer ${reader}` } })).headers.etag);
    const again = await overHttp(url, { method: "HEAD", headers: { authorization: `Bearer ${reader}`, "if-none-match": etag! } });
    expect(again.status).toBe(304);

    const saved = process.env.API_RATE_LIMIT_PER_MINUTE;
    try {
      process.env.API_RATE_LIMIT_PER_MINUTE = "2";
      const limited = await token(["exports:read"]);
      const statuses = [];
      for (let i = 0; i < 3; i++)
        statuses.push((await overHttp(url, { method: "HEAD", headers: { authorization: `Bearer ${limited}` } })).status);
      expect(statuses).toEqual([200, 200, 429]);
    } finally {
      if (saved === undefined) delete process.env.API_RATE_LIMIT_PER_MINUTE;
      else process.env.API_RATE_LIMIT_PER_MINUTE = saved;
    }
  });

  it("answer OPTIONS of an export with the methods and the API's security headers, like the route file", async () => {
    const { flow } = await setup();
    const url = `/api/v1/flows/${flow.id}/export?channel=telegram`;
    const direct = await overHttp(url, { method: "OPTIONS" });
    const viaRoute = await read(await routeExportOptions(new Request(`http://localhost${url}`, { method: "OPTIONS" })));
    expect(direct.status).toBe(204);
    expect(direct.headers.allow).toBe("GET, HEAD, OPTIONS");
    expect(direct.headers["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(comparable(direct)).toEqual(comparable(viaRoute));
  });

  it("send HSTS for a client's own X-Forwarded-Proto: https only behind a trusted proxy", async () => {
    const { flow, reader } = await setup();
    const url = `/api/v1/flows/${flow.id}/export?channel=telegram`;
    const headers = { authorization: `Bearer ${reader}`, "x-forwarded-proto": "https" };
    const saved = process.env.TRUST_PROXY;
    try {
      delete process.env.TRUST_PROXY;
      const claimed = await overHttp(url, { headers });
      expect(claimed.status).toBe(200);
      expect(claimed.headers["strict-transport-security"]).toBeUndefined();
      process.env.TRUST_PROXY = "1";
      expect((await overHttp(url, { headers })).headers["strict-transport-security"]).toContain("max-age=");
    } finally {
      if (saved === undefined) delete process.env.TRUST_PROXY;
      else process.env.TRUST_PROXY = saved;
    }
  });

  it("refuse a consent body above 1 MB with 413 whether announced or not, and keep the connection for the answer", async () => {
    const { writer } = await setup();
    const body = JSON.stringify({ events: ["x".repeat(1100 * 1024)] });
    const headers = { authorization: `Bearer ${writer}`, "content-type": "application/json" };
    const announced = await overHttp("/api/v1/consent-events", { method: "POST", headers, body });
    // Chunked, without Content-Length: the limit is counted while reading.
    const stream = new Blob([body]).stream();
    const chunked = await overHttp("/api/v1/consent-events", { method: "POST", headers, body: stream, duplex: "half" } as RequestInit);
    const viaRoute = await read(
      await routeConsent(new Request("http://localhost/api/v1/consent-events", { method: "POST", headers, body })),
    );
    expect(announced.status).toBe(413);
    expect(comparable(announced)).toEqual(comparable(viaRoute));
    expect(comparable(chunked)).toEqual(comparable(viaRoute));
    const notJson = await overHttp("/api/v1/consent-events", { method: "POST", headers, body: "{events" });
    expect(notJson.status).toBe(400);
  });

  it("answer a 64 MB consent post with a wrong token 401 and read at most 16 MB of its body, not all of it", async () => {
    await setup();
    const { port } = server.address() as AddressInfo;
    const head =
      `POST /api/v1/consent-events HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\ncontent-type: application/json\r\n` +
      "authorization: Bearer fg_not-a-token";
    for (const chunked of [false, true]) {
      const { answer, sent } = await sendLargeBody(port, head, { total: 64 << 20, chunked, client: "pushy" });
      expect(answer, chunked ? "chunked" : "announced").toMatch(/^HTTP\/1\.1 401 /);
      expect(answer.toLowerCase()).toContain("connection: close");
      expect(sent).toBeLessThan(40 << 20);
    }
  });

  it("leave other methods, trailing slashes, doubled slashes and undecodable ids to Next.js", async () => {
    const { flow, reader } = await setup();
    const headers = { authorization: `Bearer ${reader}` };
    for (const [url, method] of [
      ["/api/v1/events", "GET"],
      ["/api/v1/consent-events", "PUT"],
      ["/api/v1/consent-events/", "POST"],
      [`/api/v1/flows/${flow.id}/export`, "PUT"],
      [`/api/v1/flows/${flow.id}/export/`, "HEAD"],
      [`/api/v1/flows/${flow.id}/export/`, "GET"],
      [`/api/v1//flows/${flow.id}/export`, "GET"],
      ["/api/v1/flows/%E0%A4%A/export", "GET"],
      ["/api/trpc/flows.save", "PUT"],
      ["/api/trpc/flows/save", "POST"],
      ["/api/trpcx/flows.save", "POST"],
    ]) {
      expect((await overHttp(url!, { method, headers })).status, `${method} ${url}`).toBe(NEXT);
    }
  });
});

describe("direct /api/trpc: flows.save as the editor's autosave sends it (batched)", () => {
  it("saves for a signed-in editor and refuses signed-out, revoked, cross-site and stale saves like the route file", async () => {
    const { owner, ownerUser, slug, flow } = await setup();
    const jar = await sessionCookie(ownerUser.email);
    const { document, version } = await owner.flows.get({ workspaceSlug: slug, flowId: flow.id });
    const url = "/api/trpc/flows.save?batch=1";
    const request = (expectedVersion: number, headers: Record<string, string>) => ({
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ 0: { json: { workspaceSlug: slug, flowId: flow.id, expectedVersion, document } } }),
    });
    const viaRoute = async (expectedVersion: number, headers: Record<string, string>) =>
      read(await routeTrpc(new Request(`http://localhost${url}`, request(expectedVersion, { host: "localhost", ...headers }))));

    const signedIn = { cookie: cookieHeader(jar) };
    const saved = await overHttp(url, request(version, { ...signedIn, origin: base }));
    expect(saved.status, saved.body).toBe(200);
    expect(JSON.parse(saved.body)[0].result.data.json.version).toBe(version + 1);
    expect(saved.headers["x-frame-options"]).toBe("DENY");
    expect(saved.headers["content-security-policy-report-only"] ?? saved.headers["content-security-policy"]).toMatch(/'nonce-[^']+'/);
    const savedByRoute = await viaRoute(version + 1, signedIn);
    expect(comparable(saved).body).toEqual(comparable(savedByRoute).body);

    const refusals: [string, number, Record<string, string>][] = [
      ["stale version", version, signedIn],
      ["signed out", version + 2, {}],
      ["other origin", version + 2, { ...signedIn, origin: "https://evil.example" }],
      ["cross-site fetch", version + 2, { ...signedIn, "sec-fetch-site": "cross-site" }],
    ];
    const statuses: number[] = [];
    for (const [label, expected, headers] of refusals) {
      const direct = await overHttp(url, request(expected, headers));
      expect(comparable(direct).body, label).toEqual(comparable(await viaRoute(expected, headers)).body);
      statuses.push(direct.status);
    }
    expect(statuses).toEqual([409, 401, 403, 403]);

    // Signed out elsewhere: the copied cookie no longer saves.
    const copy = { ...jar };
    const { csrfToken } = await auth(jar, "csrf");
    await auth(jar, "signout", { method: "POST", body: { csrfToken } });
    const revoked = await overHttp(url, request(version + 2, { cookie: cookieHeader(copy) }));
    expect(revoked.status).toBe(401);
  });

  it("refuses a 6 MB save with 413 before parsing it", async () => {
    const { slug, flow, ownerUser } = await setup();
    const jar = await sessionCookie(ownerUser.email);
    const body = JSON.stringify({
      0: { json: { workspaceSlug: slug, flowId: flow.id, expectedVersion: 1, document: { padding: "x".repeat(6 << 20) } } },
    });
    const answer = await overHttp("/api/trpc/flows.save?batch=1", {
      method: "POST",
      headers: { "content-type": "application/json", cookie: cookieHeader(jar) },
      body,
    });
    expect(answer.status).toBe(413);
    expect(answer.body).toContain("PAYLOAD_TOO_LARGE");
  });

  it("answers a 64 MB save with 413 and closes the connection instead of reading the rest", async () => {
    const { slug, flow, ownerUser } = await setup();
    const jar = await sessionCookie(ownerUser.email);
    const { port } = server.address() as AddressInfo;
    const head =
      `POST /api/trpc/flows.save HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\ncontent-type: application/json\r\n` +
      `cookie: ${cookieHeader(jar)}`;
    const prefix = JSON.stringify({ json: { workspaceSlug: slug, flowId: flow.id, expectedVersion: 1, document: {} } }).slice(0, -3);
    // A client that keeps sending as fast as the server takes it, until the server closes the connection.
    const { answer, sent } = await sendLargeBody(port, head, { total: 64 << 20, chunked: false, client: "pushy", prefix });
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer.toLowerCase()).toContain("connection: close");
    expect(answer).toContain("PAYLOAD_TOO_LARGE");
    // What the server took is bounded by what it drops after answering (16 MB) and the sockets' buffers, far below 64 MB.
    expect(sent).toBeLessThan(40 << 20);
  });

  it("lets a client that writes its whole 12 MB save before reading get its 413, announced or chunked, not a reset", async () => {
    const { port } = server.address() as AddressInfo;
    const head = `POST /api/trpc/flows.save HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\ncontent-type: application/json`;
    for (const chunked of [false, true]) {
      const { answer, sent, error } = await sendLargeBody(port, head, { total: 12 << 20, chunked, client: "naive" });
      expect(error, chunked ? "chunked" : "announced").toBeNull();
      expect(sent).toBe(12 << 20);
      expect(answer).toMatch(/^HTTP\/1\.1 413 /);
      expect(answer).toContain("PAYLOAD_TOO_LARGE");
    }
  });

  it("reads a JSON body as the route file does: BOMs, malformed UTF-8, bad JSON, the media type's case and parameters, other types", async () => {
    const { owner, slug, flow, ownerUser } = await setup();
    const jar = await sessionCookie(ownerUser.email);
    const { document } = await owner.flows.get({ workspaceSlug: slug, flowId: flow.id });
    const url = "/api/trpc/flows.validate";
    const json = Buffer.from(JSON.stringify({ json: { workspaceSlug: slug, document: { ...document, name: "Anmeldung \u00fc" } } }));
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    const bodies: [string, string, Buffer][] = [
      ["plain", "application/json", json],
      ["one BOM", "application/json", Buffer.concat([bom, json])],
      ["two BOMs", "application/json", Buffer.concat([bom, bom, json])],
      ["three BOMs", "application/json", Buffer.concat([bom, bom, bom, json])],
      [
        "malformed UTF-8 in a string",
        "application/json",
        Buffer.from(json.toString("latin1").replace("Anmeldung", "Anmeld\xffng"), "latin1"),
      ],
      ["bad JSON", "application/json", json.subarray(0, -2)],
      ["empty", "application/json", Buffer.alloc(0)],
      ["case and parameters", "Application/JSON; charset=utf-8", json],
      ["text/plain", "text/plain", json],
    ];
    const cookie = cookieHeader(jar);
    const statuses: Record<string, number> = {};
    for (const [label, type, bytes] of bodies) {
      const body = Uint8Array.from(bytes);
      const direct = await overHttp(url, { method: "POST", headers: { "content-type": type, cookie, origin: base }, body });
      const route = await read(
        await routeTrpc(
          new Request(`http://localhost${url}`, { method: "POST", headers: { "content-type": type, cookie, host: "localhost" }, body }),
        ),
      );
      expect(comparable(direct).body, label).toEqual(comparable(route).body);
      statuses[label] = direct.status;
    }
    expect(statuses).toMatchObject({
      plain: 200,
      "one BOM": 200,
      "two BOMs": 200,
      "three BOMs": 400,
      "bad JSON": 400,
      "case and parameters": 200,
    });
  });
});
