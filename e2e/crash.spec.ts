import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import Database from "better-sqlite3";
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Conversation, loadExport } from "../core/runtime";

/*
 * Crash safety as an operator would test it: a production server on its own database
 * file is killed with SIGKILL in the middle of a burst of flow saves and consent
 * posts. Afterwards the file passes SQLite's integrity check, every write the server
 * acknowledged is there, and the consent ledger's hash chain still verifies.
 */

const TSX = path.join("node_modules", "tsx", "dist", "cli.mjs");

async function trpc(api: APIRequestContext, procedure: string, input: unknown, method: "GET" | "POST" = "POST") {
  const response =
    method === "GET"
      ? await api.get(`/api/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`)
      : await api.post(`/api/trpc/${procedure}`, { data: { json: input } });
  const body = await response.json();
  if (!response.ok()) throw new Error(`${procedure}: ${response.status()} ${JSON.stringify(body).slice(0, 300)}`);
  return body.result.data.json;
}

test("SIGKILL during a burst of saves and consent posts: the database is intact and keeps every acknowledged write", async () => {
  test.setTimeout(180_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "flowguard-crash-"));
  const file = path.join(dir, "crash.db");
  const port = Number(process.env.E2E_PORT ?? 3100) + 60;
  const baseURL = `http://localhost:${port}`;
  const env = {
    ...process.env,
    DATABASE_URL: file,
    PORT: String(port),
    NEXTAUTH_URL: baseURL,
    // An instance started with `npm run serve` is a production deployment: it brings its own secret.
    NEXTAUTH_SECRET: "a-secret-for-the-crash-test-instance-only",
    LOG_LEVEL: "warn",
  };

  // A database of its own, migrated and seeded like a fresh `npm start`.
  const prepared = spawnSync(process.execPath, [TSX, path.join("scripts", "prepare-db.ts")], { env, encoding: "utf8" });
  expect(prepared.status, prepared.stderr).toBe(0);
  // The demo login it prints, as an operator reads it.
  const [, email, password] = /Demo login: (\S+)\s+\/\s+(\S+)/.exec(prepared.stdout) ?? [];
  expect(email, prepared.stdout).toBeTruthy();

  // Nothing else may answer on this port (a leftover server would be tested instead).
  expect(await fetch(`${baseURL}/api/health`).catch(() => null)).toBeNull();
  // The server runs in this one process (tsx as a loader, not its CLI, which would start a child
  // that survives SIGKILL of the parent), so the kill below really kills the server.
  const server = spawn(process.execPath, ["--import", "tsx", path.join("scripts", "serve.ts")], { env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  server.stdout.on("data", (chunk) => (output += chunk));
  server.stderr.on("data", (chunk) => (output += chunk));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => server.on("exit", (_code, signal) => resolve(signal)));
  const api = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL } });
  try {
    await expect.poll(async () => (await fetch(`${baseURL}/api/health`).catch(() => null))?.status ?? 0, { timeout: 90_000 }).toBe(200);

    // Sign in as the demo marketer the way next-auth's client does.
    const { csrfToken } = await (await api.get("/api/auth/csrf")).json();
    const signedIn = await api.post("/api/auth/callback/credentials", {
      form: { csrfToken, email, password, json: "true" },
    });
    expect(signedIn.ok()).toBe(true);
    const [workspace] = await trpc(api, "workspaces.list", undefined, "GET");
    const workspaceSlug = workspace.slug as string;
    const [flow] = (await trpc(api, "flows.list", { workspaceSlug }, "GET")) as { id: string }[];
    const flowId = flow.id;
    await trpc(api, "flows.publish", { workspaceSlug, flowId });
    const { secret } = await trpc(api, "tokens.create", { workspaceSlug, name: "Crash bot", scopes: ["exports:read", "consent:write"] });
    const auth = { authorization: `Bearer ${secret}` };
    const exported = loadExport(await (await api.get(`/api/v1/flows/${flowId}/export?channel=telegram`, { headers: auth })).json());

    // Consent events of 400 people, made by the runtime from the export, sent one per request.
    const events = Array.from({ length: 400 }, (_, i) => {
      const conversation = new Conversation(exported, { subject: `tg-crash-${i}` });
      conversation.send({ type: "start" });
      conversation.send({ type: "button", id: i % 2 ? "accept" : "decline" });
      return conversation.consentEvents[0];
    });
    const { document, version } = await trpc(api, "flows.get", { workspaceSlug, flowId }, "GET");

    const ackedEvents: string[] = [];
    let ackedVersion = version as number;
    let stop = false;
    const saves = (async () => {
      for (let n = 1; !stop; n++) {
        const next = structuredClone(document);
        next.name = `Burst ${n}`;
        try {
          const saved = await trpc(api, "flows.save", { workspaceSlug, flowId, expectedVersion: ackedVersion, document: next });
          ackedVersion = saved.version;
        } catch {
          return; // the server is gone: this save was not acknowledged
        }
      }
    })();
    const posts = [0, 1].map(async (lane) => {
      for (let i = lane; i < events.length && !stop; i += 2) {
        try {
          const response = await api.post("/api/v1/consent-events", { headers: auth, data: { events: [events[i]] } });
          if (response.status() === 200) ackedEvents.push(events[i].eventId);
        } catch {
          return;
        }
      }
    });
    // Kill once the burst is well under way, while requests are in flight.
    await expect.poll(() => ackedEvents.length + ackedVersion - version, { timeout: 60_000 }).toBeGreaterThan(40);
    server.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");
    stop = true;
    await Promise.all([saves, ...posts]);
    expect(ackedEvents.length).toBeGreaterThan(0);
    expect(ackedVersion).toBeGreaterThan(version);

    const db = new Database(file);
    try {
      expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
      expect(db.pragma("foreign_key_check")).toEqual([]);
      const stored = db.prepare("SELECT version, document FROM flows WHERE id = ?").get(flowId) as
        { version: number; document: string } | undefined;
      expect(stored, `flow ${flowId}; the file has ${JSON.stringify(db.prepare("SELECT id, version FROM flows").all())}`).toBeDefined();
      if (!stored) return;
      // The last acknowledged save is there; one more may have been written before its answer was lost.
      expect(stored.version).toBeGreaterThanOrEqual(ackedVersion);
      expect(stored.version).toBeLessThanOrEqual(ackedVersion + 1);
      if (stored.version === ackedVersion) expect(JSON.parse(stored.document).name).toBe(`Burst ${ackedVersion - version}`);
      const present = new Set(db.prepare("SELECT event_id FROM consent_events").pluck().all() as string[]);
      expect(ackedEvents.filter((id) => !present.has(id))).toEqual([]);
    } finally {
      db.close();
    }
    const verified = spawnSync(process.execPath, [TSX, path.join("server", "cli", "main.ts"), "ledger", "verify", "--database", file], {
      encoding: "utf8",
    });
    expect(verified.status, verified.stdout + verified.stderr).toBe(0);
  } finally {
    await api.dispose();
    if (server.exitCode === null && server.signalCode === null) server.kill("SIGKILL");
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
