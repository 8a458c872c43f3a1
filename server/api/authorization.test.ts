import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { nanoid } from "nanoid";
import { afterEach, describe, expect, it } from "vitest";
import { getDb, type Db } from "@/db/client";
import { apiTokens, users, workspaces } from "@/db/schema";
import { hashPassword } from "@/server/auth/password";
import { roleAtLeast, type Role } from "@/core/domain/workspace";
import type { ApiTokenScope } from "@/core/domain/tokens";
import { isAppError } from "@/server/errors";
import { createFlow } from "@/server/services/flows";
import { createInvitation } from "@/server/services/members";
import { exportVersion, publishFlow } from "@/server/services/versions";
import { Conversation, loadExport } from "@/core/runtime";
import { authenticateApiToken, createApiToken } from "@/server/services/tokens";
import { createWorkspace } from "@/server/services/workspaces";
import { callerFor, createTestDb, type TestDb } from "@/server/testing/db";
import {
  COMPLETE_LEGAL_SETTINGS,
  TEST_PASSWORD,
  addMember,
  codeOf,
  insertTestUser,
  setWorkspaceLegal,
  workspaceRow,
} from "@/server/testing/fixtures";
import { CSV_DOWNLOADS, csvDownloadResponse, type CsvDownload } from "./csvDownload";
import { appRouter } from "./root";

/*
 * The authorization matrix: every tRPC procedure of the app router, called by an
 * anonymous visitor, a signed-in non-member, and a viewer, editor, admin and owner
 * of the workspace. ONE table (ACCESS) says who may call what; the procedures are
 * read from the router, so a procedure without a row fails with its name.
 *
 * A row gives the least access that may call the procedure and a valid input built
 * from a fresh fixture. Allowed callers must succeed; the others must be refused
 * with exactly: anonymous → UNAUTHORIZED, non-member → NOT_FOUND (workspace names
 * do not leak), member below the minimum → FORBIDDEN.
 */

type Access = "public" | "signedIn" | Role;
const CALLERS = ["anonymous", "nonMember", "viewer", "editor", "admin", "owner"] as const;
type CallerKind = (typeof CALLERS)[number];
type FixtureUser = { id: string; email: string; name: string };

type Fixture = {
  db: Db;
  workspaceSlug: string;
  workspaceName: string;
  flowId: string;
  flowDocument: unknown;
  tokenId: string;
  pendingInvitationId: string;
  /** A viewer whose role the matrix changes or who gets removed. */
  otherMemberId: string;
  /** The calling user (null when anonymous). */
  caller: FixtureUser | null;
  /** A secret for an open invitation to another workspace, sent to the caller's address. */
  invitationForCaller: () => Promise<string>;
};

type Row = { access: Access; input?: (fx: Fixture) => unknown };

const KNOWN_PASSWORD_HASH = await hashPassword(TEST_PASSWORD);

const ws = (fx: Fixture) => ({ workspaceSlug: fx.workspaceSlug });

const ACCESS: Record<string, Row> = {
  "auth.signUp": {
    access: "public",
    input: () => ({ name: "New Person", email: `new-${nanoid(6)}@example.com`, password: "correct-horse-7" }),
  },

  "auth.emailVerified": { access: "signedIn" },
  "auth.account": { access: "signedIn" },
  "auth.resendVerification": { access: "signedIn", input: () => ({ locale: "en" }) },
  "auth.signOutEverywhere": { access: "signedIn" },
  "auth.changePassword": {
    access: "signedIn",
    input: async (fx) => {
      // The caller knows their current password.
      if (fx.caller) await fx.db.update(users).set({ passwordHash: KNOWN_PASSWORD_HASH }).where(eq(users.id, fx.caller.id));
      return { currentPassword: TEST_PASSWORD, newPassword: "another-Pass-phrase-9" };
    },
  },

  "workspaces.list": { access: "signedIn" },
  "workspaces.create": { access: "signedIn", input: () => ({ name: "Another Shop" }) },
  "workspaces.get": { access: "viewer", input: ws },
  "workspaces.delete": { access: "owner", input: (fx) => ({ ...ws(fx), confirmName: fx.workspaceName }) },

  "flows.list": { access: "viewer", input: ws },
  "flows.get": { access: "viewer", input: (fx) => ({ ...ws(fx), flowId: fx.flowId }) },
  "flows.create": { access: "editor", input: (fx) => ({ ...ws(fx), templateId: "default", name: "New flow", locale: "de" }) },
  "flows.save": { access: "editor", input: (fx) => ({ ...ws(fx), flowId: fx.flowId, expectedVersion: 1, document: fx.flowDocument }) },
  "flows.validate": { access: "viewer", input: (fx) => ({ ...ws(fx), document: fx.flowDocument }) },
  "flows.autofix": { access: "editor", input: (fx) => ({ ...ws(fx), document: fx.flowDocument }) },
  "flows.rename": { access: "editor", input: (fx) => ({ ...ws(fx), flowId: fx.flowId, name: "Renamed" }) },
  "flows.duplicate": { access: "editor", input: (fx) => ({ ...ws(fx), flowId: fx.flowId, name: "Copy" }) },
  "flows.archive": { access: "editor", input: (fx) => ({ ...ws(fx), flowId: fx.flowId, archived: true }) },
  "flows.publish": { access: "editor", input: (fx) => ({ ...ws(fx), flowId: fx.flowId }) },
  "flows.versions": { access: "viewer", input: (fx) => ({ ...ws(fx), flowId: fx.flowId }) },
  "flows.versionDiff": { access: "viewer", input: (fx) => ({ ...ws(fx), flowId: fx.flowId, from: 1, to: "draft" }) },
  "flows.restoreVersion": { access: "editor", input: (fx) => ({ ...ws(fx), flowId: fx.flowId, number: 1, expectedVersion: 1 }) },
  "flows.export": { access: "viewer", input: (fx) => ({ ...ws(fx), flowId: fx.flowId, channel: "telegram" }) },

  "members.list": { access: "admin", input: ws },
  "members.invitations": { access: "admin", input: ws },
  "members.invite": { access: "admin", input: (fx) => ({ ...ws(fx), email: "invitee@example.com", role: "editor" }) },
  "members.revokeInvitation": { access: "admin", input: (fx) => ({ ...ws(fx), invitationId: fx.pendingInvitationId }) },
  "members.changeRole": { access: "admin", input: (fx) => ({ ...ws(fx), userId: fx.otherMemberId, role: "editor" }) },
  "members.remove": { access: "admin", input: (fx) => ({ ...ws(fx), userId: fx.otherMemberId }) },
  "members.leave": { access: "viewer", input: ws },
  "members.invitation": { access: "signedIn", input: async (fx) => ({ secret: await fx.invitationForCaller() }) },
  "members.acceptInvitation": { access: "signedIn", input: async (fx) => ({ secret: await fx.invitationForCaller() }) },
  "members.declineInvitation": { access: "signedIn", input: async (fx) => ({ secret: await fx.invitationForCaller() }) },

  "legal.get": { access: "viewer", input: ws },
  "legal.stoppedLiveFlows": { access: "admin", input: (fx) => ({ ...ws(fx), ...COMPLETE_LEGAL_SETTINGS }) },
  "legal.save": {
    access: "admin",
    input: (fx) => ({ ...ws(fx), ...COMPLETE_LEGAL_SETTINGS }),
  },

  "tokens.list": { access: "admin", input: ws },
  "tokens.create": { access: "admin", input: (fx) => ({ ...ws(fx), name: "Bot", scopes: ["exports:read"] }) },
  "tokens.revoke": { access: "admin", input: (fx) => ({ ...ws(fx), tokenId: fx.tokenId }) },

  "audit.list": { access: "admin", input: ws },
  "audit.actors": { access: "admin", input: ws },
  // Query-string text, as the CSV download route passes it.
  "audit.csv": { access: "admin", input: (fx) => ({ ...ws(fx), from: "2020-01-01", action: "flow." }) },

  "consent.list": { access: "admin", input: ws },
  "consent.facets": { access: "admin", input: ws },
  "consent.csv": { access: "admin", input: (fx) => ({ ...ws(fx), from: "2020-01-01", outcome: "accept" }) },
  "consent.erase": { access: "admin", input: (fx) => ({ ...ws(fx), subject: "psid-1" }) },
  "consent.verify": { access: "admin", input: (fx) => ws(fx) },
  "consent.proof": { access: "admin", input: (fx) => ({ ...ws(fx), subject: "psid-1" }) },

  "analytics.flow": { access: "viewer", input: (fx) => ({ ...ws(fx), flowId: fx.flowId, version: 1 }) },
  "analytics.versions": { access: "viewer", input: (fx) => ({ ...ws(fx), flowId: fx.flowId }) },
  "analytics.dashboard": { access: "viewer", input: (fx) => ({ ...ws(fx), from: "2020-01-01" }) },
  // Query-string text, as the CSV download route passes it.
  "analytics.csv": { access: "viewer", input: (fx) => ({ ...ws(fx), from: "2020-01-01", test: "false" }) },
  "analytics.settings": { access: "viewer", input: ws },
  "analytics.setRetention": { access: "admin", input: (fx) => ({ ...ws(fx), days: 7 }) },
  "analytics.recordTest": { access: "editor", input: (fx) => ({ ...ws(fx), events: [{ flowId: fx.flowId }] }) },
};

function isAllowed(access: Access, caller: CallerKind): boolean {
  if (access === "public") return true;
  if (caller === "anonymous") return false;
  if (access === "signedIn") return true;
  if (caller === "nonMember") return false;
  return roleAtLeast(caller, access);
}

function expectedDenial(caller: CallerKind): string {
  if (caller === "anonymous") return "UNAUTHORIZED";
  if (caller === "nonMember") return "NOT_FOUND";
  return "FORBIDDEN";
}

const open: TestDb[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((t) => t.close()));
});

/** A fresh database per call, so destructive procedures cannot affect the next cell. */
async function buildFixture(kind: CallerKind): Promise<Fixture> {
  const t = await createTestDb();
  open.push(t);
  const db = t.db;
  const people = {
    owner: await insertTestUser(db, "Owner"),
    secondOwner: await insertTestUser(db, "Coowner"),
    admin: await insertTestUser(db, "Admin"),
    editor: await insertTestUser(db, "Editor"),
    viewer: await insertTestUser(db, "Viewer"),
    other: await insertTestUser(db, "Other"),
    nonMember: await insertTestUser(db, "Stranger"),
    host: await insertTestUser(db, "Host"),
  };
  const created = await createWorkspace(db, { userId: people.owner.id, name: "Matrix Shop" });
  const add = (user: FixtureUser, role: Role) => addMember(db, created.id, user.id, role);
  // A second owner, so that an owner may leave without being the last one.
  await add(people.secondOwner, "owner");
  await add(people.admin, "admin");
  await add(people.editor, "editor");
  await add(people.viewer, "viewer");
  await add(people.other, "viewer");
  await setWorkspaceLegal(db, created.id);
  const workspace = await workspaceRow(db, created.id);
  const flow = await createFlow(db, { workspace, userId: people.owner.id, templateId: "leadCapture", name: "Leads", locale: "de" });
  // Published once, so version reads, restore and the export route have something to return.
  await publishFlow(db, { workspace, userId: people.owner.id, flowId: flow.id });
  const token = await createApiToken(db, { workspaceId: workspace.id, actorId: people.owner.id, name: "Bot", scopes: ["exports:read"] });
  const ownerActor = { id: people.owner.id, role: "owner" as const };
  const pending = await createInvitation(db, { workspace, actor: ownerActor, email: "pending@example.com", role: "viewer" });

  const caller = kind === "anonymous" ? null : people[kind];
  return {
    db,
    workspaceSlug: workspace.slug,
    workspaceName: workspace.name,
    flowId: flow.id,
    flowDocument: flow.document,
    tokenId: token.token.id,
    pendingInvitationId: pending.invitation.id,
    otherMemberId: people.other.id,
    caller,
    invitationForCaller: async () => {
      const other = await createWorkspace(db, { userId: people.host.id, name: "Elsewhere" });
      const otherWorkspace = await workspaceRow(db, other.id);
      const email = caller?.email ?? "anonymous@example.com";
      return (
        await createInvitation(db, { workspace: otherWorkspace, actor: { id: people.host.id, role: "owner" }, email, role: "viewer" })
      ).secret;
    },
  };
}

function callProcedure(fx: Fixture, procedure: string, input: unknown): Promise<unknown> {
  const caller = callerFor(fx.db, fx.caller) as unknown as Record<string, unknown>;
  const fn = procedure.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller);
  return (fn as (input: unknown) => Promise<unknown>)(input);
}

const PROCEDURES = Object.keys(appRouter._def.procedures).sort();

describe("authorization matrix: tRPC procedures", () => {
  it("has exactly one row per procedure", () => {
    const missing = PROCEDURES.filter((p) => !(p in ACCESS));
    const stale = Object.keys(ACCESS).filter((p) => !PROCEDURES.includes(p));
    expect(missing, `procedures without a row in ACCESS (server/api/authorization.test.ts): ${missing.join(", ")}`).toEqual([]);
    expect(stale, `rows in ACCESS for procedures that no longer exist: ${stale.join(", ")}`).toEqual([]);
  });

  it.each(PROCEDURES)("%s", async (procedure) => {
    const row = ACCESS[procedure];
    if (!row) {
      throw new Error(
        `The procedure "${procedure}" has no row in ACCESS (server/api/authorization.test.ts). ` +
          `Add one with the least access that may call it ("public", "signedIn", "viewer", "editor", "admin" or "owner") and a valid input.`,
      );
    }
    const mismatches: string[] = [];
    for (const kind of CALLERS) {
      const fx = await buildFixture(kind);
      const expected = isAllowed(row.access, kind) ? "OK" : expectedDenial(kind);
      const actual = await codeOf(callProcedure(fx, procedure, await row.input?.(fx)));
      if (actual !== expected) mismatches.push(`${kind}: expected ${expected}, got ${actual}`);
    }
    expect(mismatches, `${procedure} (row access: ${row.access})`).toEqual([]);
  });
});

/*
 * The CSV downloads under app/api/workspaces/[slug]/ are answered by tRPC
 * procedures (server/api/csvDownload.ts), so they refuse exactly as the matrix
 * above says; here the HTTP statuses, and every route file serves one download.
 */
describe("authorization matrix: CSV downloads", () => {
  const CSV_DIR = path.join(process.cwd(), "app", "api", "workspaces", "[slug]");
  const STATUS: Record<string, number> = { OK: 200, UNAUTHORIZED: 401, NOT_FOUND: 404, FORBIDDEN: 403 };
  const names = Object.keys(CSV_DOWNLOADS) as CsvDownload[];

  it("every CSV route serves one of the downloads", () => {
    const routes = fs.readdirSync(CSV_DIR).filter((entry) => entry.endsWith(".csv"));
    const served = routes.map((route) => /csvRoute\("([^"]+)"\)/.exec(fs.readFileSync(path.join(CSV_DIR, route, "route.ts"), "utf8"))?.[1]);
    expect(routes.length).toBeGreaterThan(0);
    expect(
      served.every((name) => names.includes(name as CsvDownload)),
      routes.join(", "),
    ).toBe(true);
  });

  it.each(names)("%s", async (name) => {
    const row = ACCESS[{ "audit-log": "audit.csv", "consent-ledger": "consent.csv", analytics: "analytics.csv" }[name]];
    const mismatches: string[] = [];
    for (const kind of CALLERS) {
      const fx = await buildFixture(kind);
      const request = new Request(`http://localhost/api/workspaces/${fx.workspaceSlug}/x.csv?from=2020-01-01`);
      const response = await csvDownloadResponse({ db: fx.db, user: fx.caller }, request, fx.workspaceSlug, name);
      const expected = STATUS[isAllowed(row.access, kind) ? "OK" : expectedDenial(kind)];
      if (response.status !== expected) mismatches.push(`${kind}: expected ${expected}, got ${response.status}`);
      if (response.status === 200) expect(response.headers.get("content-type")).toContain("text/csv");
    }
    expect(mismatches, name).toEqual([]);
  });

  it("checks access before the filter: a stranger's malformed filter is 404, an admin's 400 naming the field", async () => {
    const bad = (slug: string) => new Request(`http://localhost/api/workspaces/${slug}/audit.csv?from=not-a-date`);
    const stranger = await buildFixture("nonMember");
    expect(
      (
        await csvDownloadResponse(
          { db: stranger.db, user: stranger.caller },
          bad(stranger.workspaceSlug),
          stranger.workspaceSlug,
          "audit-log",
        )
      ).status,
    ).toBe(404);
    const admin = await buildFixture("admin");
    const response = await csvDownloadResponse(
      { db: admin.db, user: admin.caller },
      bad(admin.workspaceSlug),
      admin.workspaceSlug,
      "audit-log",
    );
    expect(response.status).toBe(400);
    // Names the field and shows what a date looks like, not the validator's "expected date, received Date".
    const text = await response.text();
    expect(text).toContain("from must be a date such as 2026-12-01");
    expect(text).not.toContain("received Date");
  });
});

/*
 * The bearer-token routes for deployed bots (/api/v1/…). Every route.ts under
 * app/api/v1 needs a row here, keyed by its folder (e.g. "flows/[id]/export").
 * Each route is called without a token (401), with a revoked token (401), with a
 * token lacking the row's scope (403), with the right scope for another workspace
 * (`otherWorkspace`: 404 for routes that address one of our records; for routes
 * that only write the token's own workspace, any success), and with the right
 * token (must not be 401/403/404).
 */
type RouteRow = {
  method: "GET" | "POST";
  scope: ApiTokenScope;
  /** The request's URL path and body for the fixture's workspace. */
  request: (fx: Fixture) => { path: string; body?: unknown } | Promise<{ path: string; body?: unknown }>;
  otherWorkspace: "notFound" | "ownWorkspace" | "refused";
};

const API_V1_ROUTES: Record<string, RouteRow> = {
  "flows/[id]/export": {
    method: "GET",
    scope: "exports:read",
    request: (fx) => ({ path: `/api/v1/flows/${fx.flowId}/export?channel=messenger` }),
    otherWorkspace: "notFound",
  },
  "consent-events": {
    method: "POST",
    scope: "consent:write",
    request: async (fx) => ({ path: "/api/v1/consent-events", body: { events: [await emittedConsentEvent(fx)] } }),
    // The event names a flow of the token's workspace: from another workspace it is refused, never stored there.
    otherWorkspace: "refused",
  },
  events: {
    method: "POST",
    scope: "events:write",
    request: async (fx) => ({ path: "/api/v1/events", body: { events: [await emittedAnalyticsEvent(fx)] } }),
    // Like consent events: a flow of another workspace is refused, never counted there.
    otherWorkspace: "refused",
  },
};

/** The first analytics event the runtime emits for the fixture's published flow. */
async function emittedAnalyticsEvent(fx: Fixture) {
  const workspace = (await fx.db.select().from(workspaces).where(eq(workspaces.slug, fx.workspaceSlug)).limit(1))[0]!;
  const exported = (await exportVersion(fx.db, { workspace, flowId: fx.flowId, channel: "messenger" })).export;
  const conversation = new Conversation(loadExport(exported), { subject: `psid-${nanoid(6)}`, now: Date.now() });
  const effect = conversation.send({ type: "start" }).effects.find((e) => e.kind === "analytics");
  return effect?.kind === "analytics" ? effect.event : null;
}

/** A consent event exactly as the runtime emits it for the fixture's published flow. */
async function emittedConsentEvent(fx: Fixture) {
  const workspace = (await fx.db.select().from(workspaces).where(eq(workspaces.slug, fx.workspaceSlug)).limit(1))[0]!;
  const exported = (await exportVersion(fx.db, { workspace, flowId: fx.flowId, channel: "messenger" })).export;
  const conversation = new Conversation(loadExport(exported), { subject: `psid-${nanoid(6)}`, now: Date.now() });
  conversation.send({ type: "start" });
  return conversation.send({ type: "button", id: "accept" }).consentEvents[0];
}

const API_V1_DIR = path.join(process.cwd(), "app", "api", "v1");

function findRouteFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return findRouteFiles(full);
    return /^route\.(ts|tsx|js)$/.test(entry.name) ? [full] : [];
  });
}

const ROUTE_KEYS = findRouteFiles(API_V1_DIR).map((file) => path.relative(API_V1_DIR, path.dirname(file)).split(path.sep).join("/"));

type RouteHandler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** Matches "flows/[id]/export" against a request path to give the handler its params. */
function paramsFor(routeKey: string, requestPath: string): Record<string, string> {
  const segments = new URL(requestPath, "http://localhost").pathname.replace(/^\/api\/v1\//, "").split("/");
  const params: Record<string, string> = {};
  routeKey.split("/").forEach((part, i) => {
    const match = /^\[(.+)\]$/.exec(part);
    if (match) params[match[1]] = decodeURIComponent(segments[i] ?? "");
  });
  return params;
}

async function callRoute(
  handler: RouteHandler,
  routeKey: string,
  row: RouteRow,
  fx: Fixture,
  authorization: string | null,
): Promise<number> {
  const { path: requestPath, body } = await row.request(fx);
  const headers = new Headers(body === undefined ? {} : { "content-type": "application/json" });
  if (authorization) headers.set("authorization", authorization);
  const request = new Request(new URL(requestPath, "http://localhost"), {
    method: row.method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const response = await handler(request, { params: Promise.resolve(paramsFor(routeKey, requestPath)) });
  return response.status;
}

/** Runs one route (or a stand-in handler) through the bearer-token matrix. */
async function bearerMatrix(handler: RouteHandler, routeKey: string, row: RouteRow): Promise<string[]> {
  const fx = await buildFixture("owner");
  // Route handlers use the app's connection; point it at this fixture's database.
  (globalThis as { flowguardDb?: Db }).flowguardDb = fx.db;
  const workspace = (await fx.db.select().from(workspaces).where(eq(workspaces.slug, fx.workspaceSlug)).limit(1))[0]!;
  const otherScope = row.scope === "exports:read" ? "consent:write" : "exports:read";
  const make = async (workspaceId: string, scopes: ApiTokenScope[]) =>
    (await createApiToken(fx.db, { workspaceId, actorId: fx.caller!.id, name: "Matrix", scopes })).secret;
  const right = await make(workspace.id, [row.scope]);
  const wrongScope = await make(workspace.id, [otherScope]);
  const revoked = await createApiToken(fx.db, { workspaceId: workspace.id, actorId: fx.caller!.id, name: "Old", scopes: [row.scope] });
  await fx.db.update(apiTokens).set({ revokedAt: new Date() }).where(eq(apiTokens.id, revoked.token.id));
  const elsewhere = await createWorkspace(fx.db, { userId: fx.caller!.id, name: "Other Bot Shop" });
  const foreign = await make(elsewhere.id, [row.scope]);

  const problems: string[] = [];
  const check = async (label: string, authorization: string | null, accept: (status: number) => boolean, want: string) => {
    const status = await callRoute(handler, routeKey, row, fx, authorization);
    if (!accept(status)) problems.push(`${label}: expected ${want}, got ${status}`);
  };
  await check("no token", null, (s) => s === 401, "401");
  await check("revoked token", `Bearer ${revoked.secret}`, (s) => s === 401, "401");
  await check("token without the scope", `Bearer ${wrongScope}`, (s) => s === 403, "403");
  if (row.otherWorkspace === "notFound") await check("another workspace's token", `Bearer ${foreign}`, (s) => s === 404, "404");
  else if (row.otherWorkspace === "refused") await check("another workspace's token", `Bearer ${foreign}`, (s) => s === 400, "400");
  else await check("another workspace's token", `Bearer ${foreign}`, (s) => s < 400, "success in its own workspace");
  await check("right token", `Bearer ${right}`, (s) => s < 400, "success");
  return problems;
}

describe("authorization matrix: /api/v1 routes (bearer API tokens)", () => {
  it("has exactly one row per route", () => {
    const missing = ROUTE_KEYS.filter((key) => !(key in API_V1_ROUTES));
    const stale = Object.keys(API_V1_ROUTES).filter((key) => !ROUTE_KEYS.includes(key));
    expect(missing, `routes under app/api/v1 without a row in API_V1_ROUTES: ${missing.join(", ")}`).toEqual([]);
    expect(stale, `rows in API_V1_ROUTES for routes that do not exist: ${stale.join(", ")}`).toEqual([]);
  });

  it.each(ROUTE_KEYS.length > 0 ? ROUTE_KEYS : ["(none yet)"])("%s", async (routeKey) => {
    if (routeKey === "(none yet)") return;
    const row = API_V1_ROUTES[routeKey];
    if (!row) throw new Error(`The route app/api/v1/${routeKey} has no row in API_V1_ROUTES (server/api/authorization.test.ts).`);
    const routeModule = (await import(/* @vite-ignore */ path.join(API_V1_DIR, routeKey, "route.ts"))) as Record<string, RouteHandler>;
    const handler = routeModule[row.method];
    expect(handler, `app/api/v1/${routeKey} exports no ${row.method} handler`).toBeTypeOf("function");
    expect(await bearerMatrix(handler, routeKey, row), `${row.method} /api/v1/${routeKey}`).toEqual([]);
  });

  // Proves the runner itself on a stand-in that behaves as a route should.
  it("the runner catches a route that does not check the scope", async () => {
    const status = (error: unknown) =>
      isAppError(error) ? (({ API_TOKEN_INVALID: 401, API_TOKEN_SCOPE: 403 } as Record<string, number>)[error.code] ?? 500) : 500;
    const strict: RouteHandler = async (request) => {
      try {
        await authenticateApiToken(getDb(), request.headers.get("authorization"), "consent:write");
        return new Response(null, { status: 204 });
      } catch (error) {
        return new Response(null, { status: status(error) });
      }
    };
    const row: RouteRow = {
      method: "POST",
      scope: "consent:write",
      request: () => ({ path: "/api/v1/probe", body: {} }),
      otherWorkspace: "ownWorkspace",
    };
    expect(await bearerMatrix(strict, "probe", row)).toEqual([]);
    const lax: RouteHandler = async (request) => {
      try {
        await authenticateApiToken(getDb(), request.headers.get("authorization"), "exports:read");
        return new Response(null, { status: 204 });
      } catch (error) {
        return new Response(null, { status: status(error) });
      }
    };
    expect(await bearerMatrix(lax, "probe", row)).toContainEqual(expect.stringContaining("token without the scope"));
  });
});
