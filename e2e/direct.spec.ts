import { expect, test } from "@playwright/test";
import { spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Conversation, loadExport } from "../core/runtime";
import { call, signIn, startInstance, stopInstances, TSX, type Answer } from "./instances";

/*
 * The Node server answers /api/v1 and /api/trpc itself, before Next.js (server/http/direct.ts).
 * Two production instances on one database, one with the direct routes and one with
 * FLOWGUARD_DIRECT_ROUTES=off (everything through Next.js), get the same requests: status,
 * headers and body must be the same, up to what differs by nature (dates, request ids,
 * CSP nonces, versions the requests themselves moved on) and the routing hints Next.js adds
 * to every Vary header for its own page navigation.
 */

const SECRET = "a-secret-for-the-direct-routes-test-only";

/** What may differ between two correct answers to the same request. */
function normalised(answer: Answer): Answer {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(answer.headers)) {
    if (["date", "connection", "keep-alive", "transfer-encoding", "content-length"].includes(name)) continue;
    if (name === "vary") {
      // Next.js's own navigation hints (rsc, next-router-*) concern its pages only.
      const kept = value
        .split(",")
        .map((v) => v.trim().toLowerCase())
        .filter((v) => v !== "rsc" && !v.startsWith("next-router-"));
      if (kept.length > 0) headers[name] = kept.join(", ");
      continue;
    }
    headers[name] = name.startsWith("content-security-policy") ? value.replace(/'nonce-[^']+'/, "'nonce-…'") : value;
  }
  if (headers["x-request-id"])
    headers["x-request-id"] = /^[a-f0-9]{16}$/.test(headers["x-request-id"]) ? "(generated)" : headers["x-request-id"];
  const body = answer.body
    .replace(/"(version|currentVersion|expectedVersion)":\d+/g, '"$1":N')
    .replace(/\(version \d+\)/g, "(version N)")
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z/g, "(time)")
    .replace(/"requestId":"[a-f0-9]+"/g, '"requestId":"…"');
  return { status: answer.status, headers, body };
}

test("direct routes answer /api/v1 and /api/trpc exactly as Next.js does", async () => {
  test.setTimeout(240_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "flowguard-direct-"));
  const env = {
    ...process.env,
    DATABASE_URL: path.join(dir, "direct.db"),
    NEXTAUTH_SECRET: SECRET,
    LOG_LEVEL: "warn",
    API_RATE_LIMIT_PER_MINUTE: "100000",
  };
  const prepared = spawnSync(process.execPath, [TSX, path.join("scripts", "prepare-db.ts")], { env, encoding: "utf8" });
  expect(prepared.status, prepared.stderr).toBe(0);
  const [, email, password] = /Demo login: (\S+)\s+\/\s+(\S+)/.exec(prepared.stdout) ?? [];
  const portDirect = Number(process.env.E2E_PORT ?? 3100) + 70;
  const portNext = portDirect + 1;
  const servers: ChildProcess[] = [];
  try {
    servers.push(await startInstance(env, portDirect));
    servers.push(await startInstance({ ...env, FLOWGUARD_DIRECT_ROUTES: "off" }, portNext));
    const direct = `http://localhost:${portDirect}`;
    const viaNext = `http://localhost:${portNext}`;

    /** The same request to both instances; `init` may depend on which one (its own origin). */
    async function both(url: string, init: (base: string) => RequestInit = () => ({})): Promise<[Answer, Answer]> {
      const a = await call(direct, url, init(direct));
      const b = await call(viaNext, url, init(viaNext));
      return [a, b];
    }
    async function same(label: string, url: string, init: (base: string) => RequestInit = () => ({})): Promise<Answer> {
      const [a, b] = await both(url, init);
      expect(normalised(a), `${label}: direct vs Next.js`).toEqual(normalised(b));
      return a;
    }

    const cookie = await signIn(direct, email!, password!);
    const trpcGet = async (procedure: string, input: unknown) =>
      JSON.parse(
        (await call(direct, `/api/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`, { headers: { cookie } }))
          .body,
      ).result.data.json;
    const trpcPost = async (procedure: string, input: unknown) =>
      JSON.parse(
        (
          await call(direct, `/api/trpc/${procedure}`, {
            method: "POST",
            headers: { cookie, "content-type": "application/json", origin: direct },
            body: JSON.stringify({ json: input }),
          })
        ).body,
      ).result.data.json;
    const [workspace] = await trpcGet("workspaces.list", null);
    const workspaceSlug = workspace.slug as string;
    const [flow] = (await trpcGet("flows.list", { workspaceSlug })) as { id: string }[];
    await trpcPost("flows.publish", { workspaceSlug, flowId: flow.id });
    const { secret } = await trpcPost("tokens.create", {
      workspaceSlug,
      name: "Direct bot",
      scopes: ["exports:read", "consent:write", "events:write"],
    });
    const { secret: readOnly } = await trpcPost("tokens.create", { workspaceSlug, name: "Reader", scopes: ["exports:read"] });
    const bearer = { authorization: `Bearer ${secret}` };

    // --- /api/v1: exports ---
    const exportPath = `/api/v1/flows/${flow.id}/export?channel=telegram`;
    const exported = await same("export", exportPath, () => ({ headers: { ...bearer, "x-request-id": "bot-4711" } }));
    expect(exported.status).toBe(200);
    expect(exported.headers["x-request-id"]).toBe("bot-4711");
    expect(exported.headers["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(exported.headers["x-frame-options"]).toBe("DENY");
    const etag = exported.headers.etag!;
    expect((await same("export 304", exportPath, () => ({ headers: { ...bearer, "if-none-match": etag } }))).status).toBe(304);
    expect(
      (await same("export gzip", exportPath, () => ({ headers: { ...bearer, "accept-encoding": "gzip" } }))).headers["content-encoding"],
    ).toBe("gzip");
    expect((await same("export bad channel", `/api/v1/flows/${flow.id}/export?channel=fax`, () => ({ headers: bearer }))).status).toBe(400);
    expect((await same("export no token", exportPath)).status).toBe(401);
    expect((await same("export wrong token", exportPath, () => ({ headers: { authorization: "Bearer fg_nope" } }))).status).toBe(401);
    expect((await same("export unknown flow", `/api/v1/flows/nope%20x/export?channel=telegram`, () => ({ headers: bearer }))).status).toBe(
      404,
    );
    // HEAD: GET without the body; OPTIONS: the methods (no token needed, as for Next.js's own OPTIONS answers).
    expect((await same("export HEAD", exportPath, () => ({ method: "HEAD", headers: bearer }))).status).toBe(200);
    expect(
      (await same("export HEAD 304", exportPath, () => ({ method: "HEAD", headers: { ...bearer, "if-none-match": etag } }))).status,
    ).toBe(304);
    expect((await same("export HEAD no token", exportPath, () => ({ method: "HEAD" }))).status).toBe(401);
    const options = await same("export OPTIONS", exportPath, () => ({ method: "OPTIONS" }));
    expect([options.status, options.headers.allow]).toEqual([204, "GET, HEAD, OPTIONS"]);
    expect((await same("export, wrong method", exportPath, () => ({ method: "DELETE", headers: bearer }))).status).toBe(405);
    expect((await same("export, trailing slash", `/api/v1/flows/${flow.id}/export/`, () => ({ headers: bearer }))).status).toBe(308);

    // --- /api/v1: consent and analytics events ---
    const events = Array.from({ length: 2 }, (_, i) => {
      const conversation = new Conversation(loadExport(JSON.parse(exported.body)), { subject: `direct-${i}` });
      conversation.send({ type: "start" });
      conversation.send({ type: "button", id: "accept" });
      return conversation.consentEvents[0]!;
    });
    const post =
      (body: string, headers: Record<string, string> = bearer) =>
      () => ({
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body,
      });
    // One new event each: the same answer ({received: 1, inserted: 1, duplicates: 0}).
    const [firstA, firstB] = [
      await call(direct, "/api/v1/consent-events", post(JSON.stringify({ events: [events[0]] }))()),
      await call(viaNext, "/api/v1/consent-events", post(JSON.stringify({ events: [events[1]] }))()),
    ];
    expect(firstA.status).toBe(200);
    expect(normalised(firstA)).toEqual(normalised(firstB));
    expect((await same("consent repeated", "/api/v1/consent-events", post(JSON.stringify({ events })))).body).toContain('"duplicates":2');
    expect((await same("consent not JSON", "/api/v1/consent-events", post("{events"))).status).toBe(400);
    expect(
      (await same("consent read-only token", "/api/v1/consent-events", post("{}", { authorization: `Bearer ${readOnly}` }))).status,
    ).toBe(403);
    expect(
      (await same("consent too large", "/api/v1/consent-events", post(JSON.stringify({ events: ["x".repeat(1100 * 1024)] })))).status,
    ).toBe(413);
    const nested = "[".repeat(5000) + "]".repeat(5000);
    expect((await same("consent deep", "/api/v1/consent-events", post(nested))).status).toBe(400);
    const analytics = { ...events[0], type: "stepReached", subject: "someone" };
    expect((await same("analytics with a person", "/api/v1/events", post(JSON.stringify({ events: [analytics] })))).status).toBe(422);
    expect((await same("analytics, wrong method", "/api/v1/events", () => ({ headers: bearer }))).status).toBe(405);

    // --- /api/trpc: flows.save as the editor's autosave sends it ---
    const { document, version } = await trpcGet("flows.get", { workspaceSlug, flowId: flow.id });
    let current = version as number;
    const save = (input: Record<string, unknown>, headers: Record<string, string>) => (base: string) => ({
      method: "POST",
      headers: { "content-type": "application/json", origin: base, ...headers },
      body: JSON.stringify({ 0: { json: { workspaceSlug, flowId: flow.id, document, ...input } } }),
    });
    const batchSave = `/api/trpc/flows.save?batch=1`;
    // Signed in: each instance saves the next version.
    const savedA = await call(direct, batchSave, save({ expectedVersion: current }, { cookie })(direct));
    const savedB = await call(viaNext, batchSave, save({ expectedVersion: current + 1 }, { cookie })(viaNext));
    expect(savedA.status, savedA.body).toBe(200);
    expect(normalised(savedA)).toEqual(normalised(savedB));
    current += 2;
    expect(savedA.headers["content-security-policy-report-only"] ?? savedA.headers["content-security-policy"]).toMatch(/'nonce-[^']+'/);
    expect(savedA.headers["x-frame-options"]).toBe("DENY");
    expect((await same("save, stale version", batchSave, save({ expectedVersion: current - 1 }, { cookie }))).status).toBe(409);
    expect((await same("save, signed out", batchSave, save({ expectedVersion: current }, {}))).status).toBe(401);
    expect(
      (
        await same("save, other origin", batchSave, () =>
          save({ expectedVersion: current }, { cookie, origin: "https://evil.example" })(""),
        )
      ).status,
    ).toBe(403);
    expect(
      (await same("save, cross-site fetch", batchSave, save({ expectedVersion: current }, { cookie, "sec-fetch-site": "cross-site" })))
        .status,
    ).toBe(403);
    const big = JSON.stringify({
      0: { json: { workspaceSlug, flowId: flow.id, expectedVersion: current, document: { ...document, padding: "x".repeat(6 << 20) } } },
    });
    expect((await same("save, 6 MB", batchSave, (base) => ({ ...save({}, { cookie })(base), body: big }))).status).toBe(413);
    const gzipped = await same(
      "query, gzip",
      `/api/trpc/flows.list?batch=1&input=${encodeURIComponent(JSON.stringify({ 0: { json: { workspaceSlug } } }))}`,
      () => ({
        headers: { cookie, "accept-encoding": "gzip" },
      }),
    );
    expect(gzipped.headers["content-encoding"]).toBe("gzip");
    expect(gzipped.body).toContain(flow.id);

    // A session signed out elsewhere (its cookie copied before) is refused on both.
    const copied = await signIn(direct, email!, password!);
    const csrf = await fetch(`${direct}/api/auth/csrf`, { headers: { cookie: copied } });
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const csrfCookie = csrf.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const signedOut = await fetch(`${direct}/api/auth/signout`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: [copied, csrfCookie].filter(Boolean).join("; ") },
      body: new URLSearchParams({ csrfToken, json: "true" }).toString(),
    });
    expect(signedOut.status).toBeLessThan(400);
    expect((await same("save, revoked session", batchSave, save({ expectedVersion: current }, { cookie: copied }))).status).toBe(401);
  } finally {
    await stopInstances(servers);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
