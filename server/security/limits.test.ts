import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runStatement } from "@/db/batch";
import { users } from "@/db/schema";
import { createFlow } from "@/server/services/flows";
import { createApiToken } from "@/server/services/tokens";
import { publishFlow } from "@/server/services/versions";
import { createWorkspace } from "@/server/services/workspaces";
import { INVITATION_LOOKUP_LIMIT } from "@/server/auth/rateLimit";
import { createTestDb, type TestDb } from "@/server/testing/db";
import { pointAppAt } from "@/server/testing/appDb";
import { callerFor } from "@/server/testing/db";
import { codeOf, setWorkspaceLegal, signUpTestUser, workspaceRow } from "@/server/testing/fixtures";
import { GET as getExport } from "@/app/api/v1/flows/[id]/export/route";

/*
 * Finding 8 (no rate limit on any request except sign-in): the limits on /api/v1
 * tokens and invitation look-ups, through the real route handler and router.
 */

let t: TestDb;
const saved = process.env.API_RATE_LIMIT_PER_MINUTE;
beforeEach(async () => {
  t = await createTestDb();
  pointAppAt(t.db);
});
afterEach(async () => {
  pointAppAt(null);
  if (saved === undefined) delete process.env.API_RATE_LIMIT_PER_MINUTE;
  else process.env.API_RATE_LIMIT_PER_MINUTE = saved;
  await t.close();
});

describe("finding 8: no rate limit on any request except sign-in", () => {
  it("limits every /api/v1 token: 429 with Retry-After past the limit, other tokens unaffected", async () => {
    process.env.API_RATE_LIMIT_PER_MINUTE = "5";
    await t.db.insert(users).values({ id: "u1", email: "o@example.com", name: "Owner" });
    const created = await createWorkspace(t.db, { userId: "u1", name: "Bot Shop" });
    await setWorkspaceLegal(t.db, created.id);
    const workspace = await workspaceRow(t.db, created.id);
    const flow = await createFlow(t.db, { workspace, userId: "u1", templateId: "leadCapture", name: "Leads", locale: "en" });
    await publishFlow(t.db, { workspace, userId: "u1", flowId: flow.id });
    const busy = await createApiToken(t.db, { workspaceId: workspace.id, actorId: "u1", name: "Busy", scopes: ["exports:read"] });
    const calm = await createApiToken(t.db, { workspaceId: workspace.id, actorId: "u1", name: "Calm", scopes: ["exports:read"] });
    const call = (secret: string) =>
      getExport(
        new Request(`http://localhost/api/v1/flows/${flow.id}/export?channel=canonical`, {
          headers: { authorization: `Bearer ${secret}` },
        }),
        { params: Promise.resolve({ id: flow.id }) },
      );
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await call(busy.secret)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    const refused = await call(busy.secret);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("RATE_LIMITED");
    expect((await call(calm.secret)).status).toBe(200);
  });

  it("limits invitation look-ups per user, so links cannot be guessed", async () => {
    const user = await signUpTestUser(t.db, "Guesser");
    const caller = callerFor(t.db, user);
    const codes = [];
    for (let i = 0; i <= INVITATION_LOOKUP_LIMIT.limit; i++) {
      codes.push(await codeOf(caller.members.invitation({ secret: `guess-${i}-${"x".repeat(30)}` })));
    }
    expect(codes.slice(0, INVITATION_LOOKUP_LIMIT.limit).every((c) => c === "NOT_FOUND")).toBe(true);
    expect(codes.at(-1)).toBe("TOO_MANY_REQUESTS");
  });
});

describe("finding 8: a 304 costs as much as a 200", () => {
  it("answers If-None-Match with 304 before reading or building the export", async () => {
    await t.db.insert(users).values({ id: "u1", email: "o@example.com", name: "Owner" });
    const created = await createWorkspace(t.db, { userId: "u1", name: "Bot Shop" });
    await setWorkspaceLegal(t.db, created.id);
    const workspace = await workspaceRow(t.db, created.id);
    const flow = await createFlow(t.db, { workspace, userId: "u1", templateId: "leadCapture", name: "Leads", locale: "en" });
    await publishFlow(t.db, { workspace, userId: "u1", flowId: flow.id });
    const token = await createApiToken(t.db, { workspaceId: workspace.id, actorId: "u1", name: "Bot", scopes: ["exports:read"] });
    const call = (headers: Record<string, string> = {}) =>
      getExport(
        new Request(`http://localhost/api/v1/flows/${flow.id}/export?channel=telegram`, {
          headers: { authorization: `Bearer ${token.secret}`, ...headers },
        }),
        { params: Promise.resolve({ id: flow.id }) },
      );
    const first = await call();
    expect(first.status).toBe(200);
    const etag = first.headers.get("etag")!;
    // Make the stored document unreadable: only a path that never parses it can still answer.
    await runStatement(t.db, "UPDATE flow_versions SET document = 'not json' WHERE flow_id = ?", [flow.id]);
    const again = await call({ "if-none-match": etag });
    expect(again.status).toBe(304);
    expect(again.headers.get("etag")).toBe(etag);
    // A 200 for the same version is served from the export cache, built once.
    expect((await call()).status).toBe(200);
  });
});
