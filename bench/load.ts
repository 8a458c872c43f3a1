import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { Conversation, loadExport } from "../core/runtime";
import type { RuntimeConsentEvent } from "../core/export/schema";

/**
 * Load on the production build (issue 13): a server started like `npm start` on a
 * database of its own, 50 concurrent clients per scenario, printed, not asserted.
 * Targets: flow saves ≥ 300/s with p99 < 100 ms, token exports ≥ 1,000/s, consent
 * posts of one event ≥ 500/s, and a 30 MB save by one client keeps everyone else's
 * p99 under 150 ms.
 */
const CONNECTIONS = 50;
const SECONDS = Number(process.env.LOAD_SECONDS ?? 10);
const PORT = Number(process.env.LOAD_PORT ?? 3990);
const BASE = `http://localhost:${PORT}`;

type Row = {
  scenario: string;
  "requests/s": string;
  "p50 ms": number;
  "p99 ms": number;
  "not 2xx": number;
  errors: number;
  target: string;
  met: string;
};

function row(scenario: string, result: autocannon.Result, target: string, met: boolean): Row {
  return {
    scenario,
    "requests/s": Math.round(result.requests.average).toLocaleString("en"),
    "p50 ms": result.latency.p50,
    "p99 ms": result.latency.p99,
    "not 2xx": result.non2xx,
    errors: result.errors,
    target,
    met: met ? "yes" : "NO",
  };
}

/** A tiny cookie jar: next-auth's sign-in is two requests that must share cookies. */
class Session {
  private cookies = new Map<string, string>();
  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }
  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const response = await fetch(`${BASE}${url}`, {
      ...init,
      redirect: "manual",
      headers: { origin: BASE, cookie: this.header(), ...(init.headers as Record<string, string>) },
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(";");
      const at = pair.indexOf("=");
      this.cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
    return response;
  }
  async trpc<T = unknown>(procedure: string, input: unknown, method: "GET" | "POST" = "POST"): Promise<T> {
    const response =
      method === "GET"
        ? await this.fetch(`/api/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`)
        : await this.fetch(`/api/trpc/${procedure}`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ json: input }),
          });
    const body = (await response.json()) as { result?: { data: { json: unknown } } };
    if (!response.ok || !body.result) throw new Error(`${procedure}: ${response.status} ${JSON.stringify(body).slice(0, 300)}`);
    return body.result.data.json as T;
  }
}

function run(options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon({ connections: CONNECTIONS, duration: SECONDS, ...options }, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

async function startServer(dir: string): Promise<{ server: ChildProcess; login: { email: string; password: string } }> {
  const server = spawn("npm", ["start"], {
    env: {
      ...process.env,
      PORT: String(PORT),
      DATABASE_URL: path.join(dir, "load.db"),
      NEXTAUTH_URL: BASE,
      LOG_LEVEL: "warn",
      // The per-token limit would turn the load into 429s; it has its own tests.
      API_RATE_LIMIT_PER_MINUTE: "100000000",
    },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  server.stdout!.on("data", (chunk) => (output += chunk));
  server.stderr!.on("data", (chunk) => (output += chunk));
  const started = Date.now();
  // The first start may build the app: minutes on a small machine.
  while (Date.now() - started < 20 * 60_000) {
    if (server.exitCode !== null) throw new Error(`The server stopped:\n${output.slice(-2000)}`);
    const health = await fetch(`${BASE}/api/health`).catch(() => null);
    if (health?.ok) {
      const [, email, password] = /Demo login: (\S+)\s+\/\s+(\S+)/.exec(output) ?? [];
      if (!email) throw new Error(`No demo login in the server output:\n${output.slice(-2000)}`);
      return { server, login: { email, password } };
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  throw new Error("The server did not answer within 20 minutes.");
}

export async function runLoadBench(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "flowguard-load-"));
  const { server, login } = await startServer(dir);
  try {
    const session = new Session();
    const { csrfToken } = (await (await session.fetch("/api/auth/csrf")).json()) as { csrfToken: string };
    await session.fetch("/api/auth/callback/credentials", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrfToken, email: login.email, password: login.password, json: "true" }).toString(),
    });
    const [workspace] = await session.trpc<{ slug: string }[]>("workspaces.list", undefined, "GET");
    const workspaceSlug = workspace.slug;
    const [demo] = await session.trpc<{ id: string }[]>("flows.list", { workspaceSlug }, "GET");
    await session.trpc("flows.publish", { workspaceSlug, flowId: demo.id });
    const { secret } = await session.trpc<{ secret: string }>("tokens.create", {
      workspaceSlug,
      name: "Load bot",
      scopes: ["exports:read", "consent:write"],
    });
    const bearer = `Bearer ${secret}`;
    const exportPath = `/api/v1/flows/${demo.id}/export?channel=telegram`;
    const exported = loadExport(await (await fetch(`${BASE}${exportPath}`, { headers: { authorization: bearer } })).json());

    // One flow per client, so 50 saves at once never fight over one expected version.
    const flows: { id: string; document: unknown; version: number }[] = [];
    for (let i = 0; i < CONNECTIONS; i++) {
      const copy = await session.trpc<{ id: string }>("flows.duplicate", { workspaceSlug, flowId: demo.id, name: `Load ${i}` });
      const { document, version } = await session.trpc<{ document: unknown; version: number }>(
        "flows.get",
        { workspaceSlug, flowId: copy.id },
        "GET",
      );
      flows.push({ id: copy.id, document, version });
    }
    const cookie = session.header();
    const rows: Row[] = [];

    let nextFlow = 0;
    const saves = await run({
      url: BASE,
      requests: [
        {
          method: "POST",
          path: "/api/trpc/flows.save",
          setupRequest: (request, context: { flow?: (typeof flows)[number] }) => {
            context.flow ??= flows[nextFlow++ % flows.length];
            const flow = context.flow;
            return {
              ...request,
              headers: { "content-type": "application/json", cookie, origin: BASE },
              body: JSON.stringify({ json: { workspaceSlug, flowId: flow.id, expectedVersion: flow.version, document: flow.document } }),
            };
          },
          onResponse: (status, body, context: { flow?: (typeof flows)[number] }) => {
            if (status === 200 && context.flow) context.flow.version = JSON.parse(body).result.data.json.version;
          },
        },
      ],
    });
    rows.push(
      row(
        "flow saves (50 clients, one flow each)",
        saves,
        "≥ 300/s, p99 < 100 ms",
        saves.requests.average >= 300 && saves.latency.p99 < 100,
      ),
    );

    const exports = await run({ url: `${BASE}${exportPath}`, headers: { authorization: bearer } });
    rows.push(row("token exports (GET, telegram)", exports, "≥ 1,000/s", exports.requests.average >= 1_000));

    // Consent events of as many people as the run can post, made by the runtime from the export.
    const events: RuntimeConsentEvent[] = [];
    for (let i = 0; events.length < 40_000; i++) {
      const conversation = new Conversation(exported, { subject: `load-${i}` });
      conversation.send({ type: "start" });
      conversation.send({ type: "button", id: i % 2 ? "accept" : "decline" });
      events.push(...conversation.consentEvents);
    }
    let nextEvent = 0;
    const consent = await run({
      url: BASE,
      requests: [
        {
          method: "POST",
          path: "/api/v1/consent-events",
          setupRequest: (request) => ({
            ...request,
            headers: { "content-type": "application/json", authorization: bearer },
            body: JSON.stringify({ events: [events[nextEvent++ % events.length]] }),
          }),
        },
      ],
    });
    rows.push(row("consent posts (1 event each)", consent, "≥ 500/s", consent.requests.average >= 500));

    // One client sends 30 MB saves over and over while 49 others fetch exports.
    const big = JSON.stringify({
      json: {
        workspaceSlug,
        flowId: demo.id,
        expectedVersion: 1,
        document: { ...(flows[0].document as object), padding: "x".repeat(30 << 20) },
      },
    });
    let stop = false;
    let bigAnswers = 0;
    const bigStatuses = new Set<number>();
    const hog = (async () => {
      while (!stop) {
        const response = await fetch(`${BASE}/api/trpc/flows.save`, {
          method: "POST",
          headers: { "content-type": "application/json", cookie, origin: BASE },
          body: big,
        }).catch(() => null);
        if (response) {
          bigStatuses.add(response.status);
          await response.arrayBuffer();
        }
        bigAnswers++;
      }
    })();
    const crowded = await run({ url: `${BASE}${exportPath}`, headers: { authorization: bearer }, connections: CONNECTIONS - 1 });
    stop = true;
    await hog;
    rows.push(
      row(
        `exports while one client sends 30 MB saves (${bigAnswers} sent, answered ${[...bigStatuses].join("/")})`,
        crowded,
        "p99 < 150 ms",
        crowded.latency.p99 < 150,
      ),
    );

    console.log(
      `Load on the production build: ${CONNECTIONS} concurrent clients, ${SECONDS} s per scenario (load average ${os.loadavg()[0].toFixed(1)})`,
    );
    console.table(rows);
  } finally {
    // npm start runs the server in a child process: stop the whole group.
    if (server.pid) process.kill(-server.pid, "SIGTERM");
    await new Promise((resolve) => server.once("exit", resolve));
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
