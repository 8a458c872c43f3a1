import { expect } from "@playwright/test";
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

/*
 * Production app instances started by a test itself (beside the one Playwright starts):
 * several on one database, each on its own port, and plain HTTP calls to them.
 */

export const TSX = path.join("node_modules", "tsx", "dist", "cli.mjs");

export type Answer = { status: number; headers: Record<string, string>; body: string };

export async function call(base: string, url: string, init: RequestInit = {}): Promise<Answer> {
  const response = await fetch(`${base}${url}`, { redirect: "manual", ...init });
  const raw = Buffer.from(await response.arrayBuffer());
  const headers = Object.fromEntries([...response.headers].map(([k, v]) => [k.toLowerCase(), v]));
  // fetch hands over the decompressed body; both must have compressed it the same way (content-encoding is compared).
  const body = raw.toString("utf8");
  return { status: response.status, headers, body };
}

export async function startInstance(env: NodeJS.ProcessEnv, port: number): Promise<ChildProcess> {
  const server = spawn(process.execPath, ["--import", "tsx", path.join("scripts", "serve.ts")], {
    env: { ...env, PORT: String(port), NEXTAUTH_URL: `http://localhost:${port}` },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  server.stdout!.on("data", (chunk) => (output += chunk));
  server.stderr!.on("data", (chunk) => (output += chunk));
  try {
    await expect
      .poll(
        async () => (server.exitCode !== null ? -1 : ((await fetch(`http://localhost:${port}/api/health`).catch(() => null))?.status ?? 0)),
        {
          timeout: 90_000,
          message: output,
        },
      )
      .toBe(200);
  } catch (error) {
    // An instance that never became healthy must not outlive the test and hold its port.
    await stopInstances([server]);
    throw error;
  }
  return server;
}

/** next-auth's sign-in as its client does it; returns the cookie header. */
export async function signIn(base: string, email: string, password: string): Promise<string> {
  const jar = new Map<string, string>();
  const keep = (response: Response) => {
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(";");
      const at = pair.indexOf("=");
      jar.set(pair.slice(0, at), pair.slice(at + 1));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const csrf = await fetch(`${base}/api/auth/csrf`);
  keep(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const signedIn = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookie() },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }).toString(),
  });
  keep(signedIn);
  expect(cookie()).toContain("session-token");
  return cookie();
}

/** Stops the instances (SIGTERM: each drains its requests; SIGKILL after `graceMs`) and waits until they are gone. */
export async function stopInstances(servers: ChildProcess[], graceMs = 30_000): Promise<void> {
  const running = servers.filter((server) => server.exitCode === null && server.signalCode === null);
  for (const server of running) server.kill("SIGTERM");
  await Promise.all(
    running.map(
      (server) =>
        new Promise<void>((resolve) => {
          const kill = setTimeout(() => server.kill("SIGKILL"), graceMs);
          server.once("exit", () => {
            clearTimeout(kill);
            resolve();
          });
        }),
    ),
  );
}
