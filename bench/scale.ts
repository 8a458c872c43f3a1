import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Pool } from "pg";
import type autocannon from "autocannon";
import { startPostgres, type PgServer } from "../server/testing/postgres";
import { CONNECTIONS, Failures, row, run, saveRequest, Session, successesPerSecond, type Row, type SavedFlow } from "./load";

/**
 * Flow saves on several app instances (issue 14), printed, not asserted: 50 concurrent
 * clients saving flows (each request a flow no other request holds) on one instance on
 * SQLite, one on PostgreSQL, and two on one PostgreSQL (25 clients each, one shared pool
 * of flows). The PostgreSQL server is a throwaway one started here, with durable commits
 * (fsync on) like a real deployment; everything runs on this one machine.
 */
const FIRST_PORT = Number(process.env.SCALE_PORT ?? 3960);
const SECRET = "a-secret-for-the-scale-bench-only";

type Instance = { base: string; server: ChildProcess };

/** Starts `script` (start.ts: prepares the database, builds when needed, serves; serve.ts: serves) and waits for it. */
async function startInstance(script: "start" | "serve", port: number, env: NodeJS.ProcessEnv): Promise<Instance> {
  const base = `http://localhost:${port}`;
  const server = spawn(process.execPath, ["--import", "tsx", path.join("scripts", `${script}.ts`)], {
    env: {
      ...env,
      PORT: String(port),
      NEXTAUTH_URL: base,
      NEXTAUTH_SECRET: SECRET,
      LOG_LEVEL: "warn",
      API_RATE_LIMIT_PER_MINUTE: "100000000",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  server.stdout!.on("data", (chunk) => (output += chunk));
  server.stderr!.on("data", (chunk) => (output += chunk));
  const started = Date.now();
  // The first start may build the app: minutes on a small machine.
  while (Date.now() - started < 20 * 60_000) {
    if (server.exitCode !== null) throw new Error(`The instance on ${base} stopped:\n${output.slice(-2000)}`);
    if ((await fetch(`${base}/api/health`).catch(() => null))?.ok) return { base, server };
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  // Never leave it running on its port.
  await stop([{ base, server }]);
  throw new Error(`The instance on ${base} did not answer within 20 minutes.`);
}

async function stop(instances: Instance[]): Promise<void> {
  for (const { server } of instances) if (server.exitCode === null) server.kill("SIGTERM");
  await Promise.all(
    instances.map(({ server }) => (server.exitCode === null ? new Promise((resolve) => server.once("exit", resolve)) : null)),
  );
}

/** Signs in as the demo user on the first instance and makes two flows per client to save. */
async function prepareFlows(base: string): Promise<{ workspaceSlug: string; cookie: string; flows: SavedFlow[] }> {
  const session = new Session(base);
  const { csrfToken } = (await (await session.fetch("/api/auth/csrf")).json()) as { csrfToken: string };
  await session.fetch("/api/auth/callback/credentials", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrfToken, email: "demo@flowguard.test", password: "Demo-Flowguard-2026", json: "true" }).toString(),
  });
  const [workspace] = await session.trpc<{ slug: string }[]>("workspaces.list", undefined, "GET");
  const [demo] = await session.trpc<{ id: string }[]>("flows.list", { workspaceSlug: workspace.slug }, "GET");
  const flows: SavedFlow[] = [];
  for (let i = 0; i < 2 * CONNECTIONS; i++) {
    const copy = await session.trpc<{ id: string }>("flows.duplicate", {
      workspaceSlug: workspace.slug,
      flowId: demo.id,
      name: `Scale ${i}`,
    });
    const { document, version } = await session.trpc<{ document: unknown; version: number }>(
      "flows.get",
      { workspaceSlug: workspace.slug, flowId: copy.id },
      "GET",
    );
    flows.push({ id: copy.id, document, version });
  }
  return { workspaceSlug: workspace.slug, cookie: session.header(), flows };
}

/** 50 clients saving, split evenly over the instances, drawing on one pool of flows; one row for all of them. */
async function savesOn(label: string, instances: Instance[], failures: Failures): Promise<Row> {
  const { workspaceSlug, cookie, flows } = await prepareFlows(instances[0].base);
  const idle = [...flows];
  const results: autocannon.Result[] = await Promise.all(
    instances.map(({ base }) =>
      run({
        url: base,
        connections: CONNECTIONS / instances.length,
        requests: [saveRequest(flows, { workspaceSlug, cookie, base }, failures, idle)],
      }),
    ),
  );
  // Throughput adds up; of the latencies the worse instance's p50 and p99 are shown (an upper bound for all requests).
  const merged = {
    ...results[0],
    "2xx": results.reduce((sum, r) => sum + r["2xx"], 0),
    duration: Math.max(...results.map((r) => r.duration)),
    non2xx: results.reduce((sum, r) => sum + r.non2xx, 0),
    errors: results.reduce((sum, r) => sum + r.errors, 0),
    latency: {
      ...results[0].latency,
      p50: Math.max(...results.map((r) => r.latency.p50)),
      p99: Math.max(...results.map((r) => r.latency.p99)),
    },
  } as autocannon.Result;
  return row(label, merged, "(compare)", successesPerSecond(merged) > 0);
}

export async function runScaleBench(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "flowguard-scale-"));
  const failures = new Failures();
  const rows: Row[] = [];
  let postgres: PgServer | undefined;
  try {
    const sqlite = [await startInstance("start", FIRST_PORT, { ...process.env, DATABASE_URL: path.join(dir, "scale.db") })];
    try {
      rows.push(await savesOn("1 instance, SQLite", sqlite, failures));
    } finally {
      await stop(sqlite);
    }

    postgres = await startPostgres({ durable: true });
    const admin = new Pool({ connectionString: postgres.url(), max: 1 });
    for (const [label, count] of [
      ["1 instance, PostgreSQL", 1],
      ["2 instances, one PostgreSQL", 2],
    ] as const) {
      const database = `scale_${count}`;
      await admin.query(`CREATE DATABASE ${database}`);
      const env = { ...process.env, DATABASE_URL: postgres.url(database) };
      const instances = [await startInstance("start", FIRST_PORT, env)];
      try {
        for (let i = 1; i < count; i++) instances.push(await startInstance("serve", FIRST_PORT + i, env));
        rows.push(await savesOn(label, instances, failures));
      } finally {
        await stop(instances);
      }
    }
    await admin.end();
  } finally {
    postgres?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log(
    `Flow saves, ${CONNECTIONS} concurrent clients in all, on ${os.cpus().length} CPUs (load average ${os.loadavg()[0].toFixed(1)}); ` +
      "with two instances, p50/p99 are the slower instance's",
  );
  console.table(rows.map(({ target: _target, met: _met, ...rest }) => rest));
  failures.print();
}
