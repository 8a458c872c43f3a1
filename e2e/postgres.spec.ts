import { expect, test } from "@playwright/test";
import { spawnSync, type ChildProcess } from "node:child_process";
import path from "node:path";
import { Pool } from "pg";
import { Conversation, loadExport } from "../core/runtime";
import { startPostgres, type PgServer } from "../server/testing/postgres";
import { call, signIn, startInstance, stopInstances, TSX } from "./instances";

/*
 * Several app instances on one PostgreSQL database, as behind a load balancer: two
 * production instances on two ports share the server this test starts (and stops). A
 * session, the optimistic save, the sign-in back-off and the consent ledger must hold
 * across them. Without PostgreSQL's server binaries the test fails saying what to
 * install; it is never skipped.
 */

const SECRET = "a-secret-shared-by-every-instance-of-this-test";

test("two instances on one PostgreSQL share sessions, saves, sign-in limits and one consent chain", async ({ page }) => {
  test.setTimeout(300_000);
  let postgres: PgServer | undefined;
  const servers: ChildProcess[] = [];
  try {
    postgres = await startPostgres();
    const admin = new Pool({ connectionString: postgres.url(), max: 1 });
    await admin.query("CREATE DATABASE flowguard_instances");
    await admin.end();
    const env = {
      ...process.env,
      DATABASE_URL: postgres.url("flowguard_instances"),
      NEXTAUTH_SECRET: SECRET,
      LOG_LEVEL: "warn",
      API_RATE_LIMIT_PER_MINUTE: "100000",
    };
    const prepared = spawnSync(process.execPath, [TSX, path.join("scripts", "prepare-db.ts")], { env, encoding: "utf8" });
    expect(prepared.status, prepared.stderr).toBe(0);
    expect(prepared.stdout).toContain("PostgreSQL");
    const [, email, password] = /Demo login: (\S+)\s+\/\s+(\S+)/.exec(prepared.stdout) ?? [];
    const portA = Number(process.env.E2E_PORT ?? 3100) + 80;
    const portB = portA + 1;
    servers.push(await startInstance(env, portA));
    servers.push(await startInstance(env, portB));
    const [a, b] = [`http://localhost:${portA}`, `http://localhost:${portB}`];
    for (const base of [a, b]) expect((await call(base, "/api/ready")).body).toContain('"status":"ready"');

    // --- A person signs in on one instance and keeps the session on the other (cookies are per host, not port). ---
    await page.goto(`${a}/signin`);
    await page.getByLabel(/E-Mail-Adresse|Email address/).fill(email!);
    await page.getByLabel(/^(Passwort|Password)$/).fill(password!);
    await page.getByRole("button", { name: /^(Anmelden|Sign in)$/ }).click();
    await expect(page).toHaveURL(`${a}/dashboard`);
    await page.goto(`${b}/dashboard`);
    await expect(page).toHaveURL(`${b}/dashboard`);
    await expect(page.getByRole("button", { name: /^(Abmelden|Sign out)$/ })).toBeVisible();

    // --- 20 saves with one expected version, spread over both instances at once: exactly one wins. ---
    const cookie = await signIn(a, email!, password!);
    const trpc = async (base: string, procedure: string, input: unknown, method: "GET" | "POST" = "GET") => {
      const answer =
        method === "GET"
          ? await call(base, `/api/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`, { headers: { cookie } })
          : await call(base, `/api/trpc/${procedure}`, {
              method: "POST",
              headers: { cookie, "content-type": "application/json", origin: base },
              body: JSON.stringify({ json: input }),
            });
      expect(answer.status, answer.body).toBe(200);
      return (JSON.parse(answer.body) as { result: { data: { json: unknown } } }).result.data.json;
    };
    const [workspace] = (await trpc(b, "workspaces.list", null)) as { slug: string }[];
    const workspaceSlug = workspace.slug;
    const [flow] = (await trpc(a, "flows.list", { workspaceSlug })) as { id: string }[];
    const { document, version } = (await trpc(b, "flows.get", { workspaceSlug, flowId: flow.id })) as {
      document: { name: string };
      version: number;
    };
    const saves = await Promise.all(
      Array.from({ length: 20 }, (_, i) => {
        const base = i % 2 === 0 ? a : b;
        return call(base, "/api/trpc/flows.save?batch=1", {
          method: "POST",
          headers: { cookie, "content-type": "application/json", origin: base },
          body: JSON.stringify({
            0: { json: { workspaceSlug, flowId: flow.id, expectedVersion: version, document: { ...document, name: `Save ${i}` } } },
          }),
        });
      }),
    );
    const statuses = saves.map((save) => save.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(19);
    const winner = statuses.indexOf(200);
    const stored = (await trpc(a, "flows.get", { workspaceSlug, flowId: flow.id })) as { document: { name: string }; version: number };
    expect(stored).toMatchObject({ version: version + 1, document: { name: `Save ${winner}` } });

    // --- Failed sign-ins on one instance count on the other. ---
    /** The error a credentials sign-in ends with on `base` ("" when it signed in). */
    const signInError = async (base: string, secret: string): Promise<string> => {
      const csrf = await fetch(`${base}/api/auth/csrf`);
      const { csrfToken } = (await csrf.json()) as { csrfToken: string };
      const jar = csrf.headers
        .getSetCookie()
        .map((c) => c.split(";")[0])
        .join("; ");
      const answer = await fetch(`${base}/api/auth/callback/credentials`, {
        method: "POST",
        redirect: "manual",
        headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar },
        body: new URLSearchParams({ csrfToken, email: email!, password: secret, json: "true" }).toString(),
      });
      const location = answer.headers.get("location") ?? ((await answer.json()) as { url?: string }).url ?? "";
      return new URL(location, base).searchParams.get("error") ?? "";
    };
    // The first failures from an address are free (no wait), on whichever instance they happen.
    for (let i = 0; i < 3; i++) expect(await signInError(a, "wrong-password-" + i)).toBe("INVALID_CREDENTIALS");
    // The next one lands on the other instance and is the first to cost a wait: it knows of the three on A.
    expect(await signInError(b, "wrong-password-3")).toMatch(/^RATE_LIMITED:\d+$/);
    // While the wait lasts, even the right password is refused on A.
    expect(await signInError(a, password!)).toMatch(/^RATE_LIMITED:\d+$/);

    // --- Consent batches posted to both instances at once leave one chain that verifies. ---
    await trpc(a, "flows.publish", { workspaceSlug, flowId: flow.id }, "POST");
    const { secret } = (await trpc(
      b,
      "tokens.create",
      { workspaceSlug, name: "Bot", scopes: ["exports:read", "consent:write"] },
      "POST",
    )) as {
      secret: string;
    };
    const bearer = { authorization: `Bearer ${secret}`, "content-type": "application/json" };
    const exported = await call(a, `/api/v1/flows/${flow.id}/export?channel=telegram`, { headers: bearer });
    expect(exported.status, exported.body).toBe(200);
    const flowExport = loadExport(JSON.parse(exported.body));
    const eventsOf = (batch: number) =>
      Array.from({ length: 10 }, (_, i) => {
        const conversation = new Conversation(flowExport, { subject: `person-${batch}-${i}` });
        conversation.send({ type: "start" });
        conversation.send({ type: "button", id: "accept" });
        return conversation.consentEvents[0]!;
      });
    const batches = Array.from({ length: 12 }, (_, batch) => eventsOf(batch));
    const posted = await Promise.all(
      batches.map((events, batch) =>
        call(batch % 2 === 0 ? a : b, "/api/v1/consent-events", { method: "POST", headers: bearer, body: JSON.stringify({ events }) }),
      ),
    );
    for (const answer of posted) expect(answer.status, answer.body).toBe(200);
    const inserted = posted.reduce((sum, answer) => sum + (JSON.parse(answer.body) as { inserted: number }).inserted, 0);
    expect(inserted).toBe(120);
    const verified = spawnSync(process.execPath, [TSX, path.join("server", "cli", "main.ts"), "ledger", "verify", "--json"], {
      env,
      encoding: "utf8",
    });
    expect(verified.status, verified.stdout + verified.stderr).toBe(0);
    expect(JSON.parse(verified.stdout.trim().split("\n")[0]!)).toMatchObject({ workspace: workspaceSlug, ok: true, rows: 120 });
  } finally {
    try {
      await stopInstances(servers);
    } finally {
      postgres?.stop();
    }
  }
});
