import { expect, test } from "@playwright/test";
import { spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";

/*
 * What an operator's load balancer and Prometheus see: liveness, readiness, metrics
 * by route pattern, request ids, and a stop on SIGTERM that finishes the requests
 * already in flight before the process exits.
 */

test("health and readiness answer for the load balancer", async ({ request }) => {
  const health = await request.get("/api/health");
  expect(health.status()).toBe(200);
  expect(await health.json()).toEqual({ status: "ok" });
  const ready = await request.get("/api/ready");
  expect(ready.status()).toBe(200);
  const body = await ready.json();
  expect(body.status).toBe("ready");
  expect(body.migrations.applied).toBe(body.migrations.expected);
});

test("metrics count requests by route pattern and every answer carries a request id", async ({ request }) => {
  const page = await request.get("/signin", { headers: { "x-request-id": "probe-4711" } });
  expect(page.headers()["x-request-id"]).toBe("probe-4711");
  const generated = await request.get("/api/health");
  expect(generated.headers()["x-request-id"]).toMatch(/^[a-f0-9]{16}$/);
  const metrics = await request.get("/api/metrics");
  expect(metrics.status()).toBe(200);
  const text = await metrics.text();
  expect(text).toMatch(/flowguard_http_requests_total\{route="\/signin",method="GET",status="200"\} [1-9]/);
  expect(text).toMatch(/flowguard_http_request_duration_seconds_bucket\{le="[^"]+",route="\/api\/health",method="GET"\}/);
  expect(text).not.toContain("probe-4711");
});

/** Resolves with everything the server sent once it closes the connection. */
function readAll(socket: net.Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = "";
    socket.on("data", (chunk) => (data += chunk.toString("utf8")));
    socket.on("end", () => resolve(data));
    socket.on("error", reject);
  });
}

function connect(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1", () => resolve(socket));
    socket.once("error", reject);
  });
}

test("SIGTERM lets the request in flight finish, refuses new connections and exits cleanly", async () => {
  test.setTimeout(90_000);
  const port = Number(process.env.E2E_PORT ?? 3100) + 50;
  const server = spawn(process.execPath, [path.join("node_modules", "tsx", "dist", "cli.mjs"), path.join("scripts", "serve.ts")], {
    env: {
      ...process.env,
      PORT: String(port),
      DATABASE_URL: process.env.E2E_DATABASE_URL,
      NEXTAUTH_URL: `http://localhost:${port}`,
      NEXTAUTH_SECRET: "a-second-instance-secret-for-this-test-only",
      LOG_LEVEL: "info",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  server.stdout.on("data", (chunk) => (output += chunk));
  server.stderr.on("data", (chunk) => (output += chunk));
  // "close", not "exit": the exit can be reported before the parent has read the last lines from the pipes.
  const exited = new Promise<number | null>((resolve) => server.on("close", (code) => resolve(code)));
  try {
    await expect.poll(() => output, { timeout: 60_000 }).toContain('"msg":"listening"');

    // A request whose body is still arriving when the signal comes.
    const body = JSON.stringify({ workspaceSlug: "nowhere", document: { nodes: [] } });
    const socket = await connect(port);
    const answer = readAll(socket);
    socket.write(
      `POST /api/trpc/flows.validate HTTP/1.1\r\nHost: localhost:${port}\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body.slice(0, 10)}`,
    );
    await expect
      .poll(async () => {
        const text = await (await fetch(`http://127.0.0.1:${port}/api/metrics`)).text();
        return Number(/^flowguard_http_requests_in_flight (\d+)/m.exec(text)?.[1] ?? 0);
      })
      .toBeGreaterThanOrEqual(2); // the half-sent request and this metrics request

    server.kill("SIGTERM");
    await expect.poll(() => output).toContain("stopping");
    await expect(connect(port)).rejects.toThrow(/ECONNREFUSED/);

    socket.write(body.slice(10));
    const response = await answer;
    expect(response).toMatch(/^HTTP\/1\.1 \d{3} /);
    expect(response).toContain("x-request-id:");
    expect(await exited).toBe(0);
    expect(output).toContain('"msg":"stopped"');
  } finally {
    if (server.exitCode === null) server.kill("SIGKILL");
  }
});
