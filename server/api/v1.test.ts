import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { apiTokens, consentEvents, users, workspaces } from "@/db/schema";
import { EXAMPLE_LEGAL } from "@/core/flow";
import { Conversation, loadExport } from "@/core/runtime";
import { createFlow } from "@/server/services/flows";
import { createApiToken } from "@/server/services/tokens";
import { publishFlow } from "@/server/services/versions";
import { createWorkspace } from "@/server/services/workspaces";
import { appTestDb } from "@/server/testing/appDb";
import { POST as postConsent } from "@/app/api/v1/consent-events/route";
import { GET as getExport } from "@/app/api/v1/flows/[id]/export/route";
import { GET as getSchema } from "@/app/schemas/flowguard-export-v1.json/route";

/*
 * The bot routes called as Next.js calls them (a Request in, a Response out), on a
 * temporary database the app's connection is pointed at.
 */

const t = appTestDb();

async function setup() {
  const db = t.db;
  const userId = "u1";
  await db.insert(users).values({ id: userId, email: "o@example.com", name: "Owner" });
  const make = async (name: string) => {
    const created = await createWorkspace(db, { userId, name });
    await db
      .update(workspaces)
      .set({
        controllerName: EXAMPLE_LEGAL.controller.name,
        controllerAddress: EXAMPLE_LEGAL.controller.address,
        privacyContact: EXAMPLE_LEGAL.privacyContact,
        impressumUrl: EXAMPLE_LEGAL.impressumUrl,
        privacyPolicyUrl: EXAMPLE_LEGAL.privacyPolicyUrl,
        processors: EXAMPLE_LEGAL.processors,
      })
      .where(eq(workspaces.id, created.id));
    return (await db.select().from(workspaces).where(eq(workspaces.id, created.id)).limit(1))[0]!;
  };
  const workspace = await make("Bot Shop");
  const other = await make("Other Shop");
  const flow = await createFlow(db, { workspace, userId, templateId: "leadCapture", name: "Leads", locale: "en" });
  const draftOnly = await createFlow(db, { workspace, userId, templateId: "default", name: "Draft", locale: "en" });
  const foreignFlow = await createFlow(db, { workspace: other, userId, templateId: "default", name: "Theirs", locale: "en" });
  await publishFlow(db, { workspace, userId, flowId: flow.id });
  await publishFlow(db, { workspace: other, userId, flowId: foreignFlow.id });
  const token = (scopes: ("exports:read" | "consent:write")[]) =>
    createApiToken(db, { workspaceId: workspace.id, actorId: userId, name: "Bot", scopes });
  return {
    workspace,
    flow,
    draftOnly,
    foreignFlow,
    reader: (await token(["exports:read"])).secret,
    writer: (await token(["consent:write"])).secret,
    token,
  };
}

function exportRequest(flowId: string, query: string, headers: Record<string, string> = {}) {
  return getExport(new Request(`http://localhost/api/v1/flows/${flowId}/export?${query}`, { headers }), {
    params: Promise.resolve({ id: flowId }),
  });
}

function consentRequest(body: unknown, secret: string | null) {
  return postConsent(
    new Request("http://localhost/api/v1/consent-events", {
      method: "POST",
      headers: { "content-type": "application/json", ...(secret ? { authorization: `Bearer ${secret}` } : {}) },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
  );
}

const event = (overrides: Record<string, unknown> = {}) => ({
  eventId: "ev-1",
  flowId: "f",
  flowVersion: 1,
  subject: "psid-1",
  channel: "messenger",
  purpose: "lead",
  outcome: "accept",
  textHash: "b".repeat(64),
  occurredAt: "2026-01-01T10:00:00.000Z",
  ...overrides,
});

describe("GET /api/v1/flows/:id/export", () => {
  it("returns the latest published export with an ETag and answers 304 to If-None-Match", async () => {
    const { flow, reader } = await setup();
    const auth = { authorization: `Bearer ${reader}` };
    const response = await exportRequest(flow.id, "channel=whatsapp", auth);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ format: "flowguard.export/v1", channel: "whatsapp", flow: { id: flow.id, version: 1 } });
    const etag = response.headers.get("etag")!;
    expect(etag).toContain(body.flow.contentHash);
    expect(etag).toContain("whatsapp");
    const cached = await exportRequest(flow.id, "channel=whatsapp", { ...auth, "if-none-match": etag });
    expect(cached.status).toBe(304);
    const otherChannel = await exportRequest(flow.id, "channel=telegram", { ...auth, "if-none-match": etag });
    expect(otherChannel.status).toBe(200);
    expect((await exportRequest(flow.id, "channel=canonical&version=1", auth)).status).toBe(200);
  });

  it("refuses unknown channels and versions with a clear 400", async () => {
    const { flow, reader } = await setup();
    const auth = { authorization: `Bearer ${reader}` };
    const unknown = await exportRequest(flow.id, "channel=fax", auth);
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).error).toMatchObject({
      code: "INVALID_INPUT",
      message: expect.stringContaining("channel must be one of messenger"),
    });
    expect((await exportRequest(flow.id, "channel=telegram&version=abc", auth)).status).toBe(400);
    const missing = await exportRequest(flow.id, "channel=telegram&version=9", auth);
    expect(missing.status).toBe(404);
  });

  it("answers 404 for unpublished flows and for flows of other workspaces", async () => {
    const { draftOnly, foreignFlow, reader } = await setup();
    const auth = { authorization: `Bearer ${reader}` };
    const unpublished = await exportRequest(draftOnly.id, "channel=messenger", auth);
    expect(unpublished.status).toBe(404);
    expect((await unpublished.json()).error.code).toBe("NOT_PUBLISHED");
    const foreign = await exportRequest(foreignFlow.id, "channel=messenger", auth);
    expect(foreign.status).toBe(404);
    expect((await foreign.json()).error.code).toBe("NOT_FOUND");
  });

  it("answers 409 LIVE_VERSION_BLOCKED, naming the finding and who can fix it, when the legal settings no longer pass", async () => {
    const { flow, workspace, reader } = await setup();
    await t.db.update(workspaces).set({ impressumUrl: "" }).where(eq(workspaces.id, workspace.id));
    const response = await exportRequest(flow.id, "channel=messenger", { authorization: `Bearer ${reader}` });
    expect(response.status).toBe(409);
    const { error } = await response.json();
    expect(error.code).toBe("LIVE_VERSION_BLOCKED");
    expect(error.message).toContain("Version 1 of this flow is published but not served");
    expect(error.message).toContain("legal settings");
    expect(error.details.diagnostics).toEqual(expect.arrayContaining([expect.objectContaining({ rule: "legal.links" })]));
  });

  it("answers 401 with a JSON error for a missing, wrong or revoked token, 403 for a missing scope", async () => {
    const { flow, writer, token } = await setup();
    const none = await exportRequest(flow.id, "channel=messenger");
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toContain("Bearer");
    expect((await none.json()).error).toMatchObject({ code: "API_TOKEN_INVALID", message: expect.any(String) });
    expect((await exportRequest(flow.id, "channel=messenger", { authorization: "Bearer fg_wrong" })).status).toBe(401);
    const revoked = await token(["exports:read"]);
    await t.db.update(apiTokens).set({ revokedAt: new Date() }).where(eq(apiTokens.id, revoked.token.id));
    expect((await exportRequest(flow.id, "channel=messenger", { authorization: `Bearer ${revoked.secret}` })).status).toBe(401);
    expect((await exportRequest(flow.id, "channel=messenger", { authorization: `Bearer ${writer}` })).status).toBe(403);
  });
});

describe("security headers of /api/v1 (proxy.ts skips these routes)", () => {
  it("puts them and a CSP that allows nothing on every answer: 200, 304, errors", async () => {
    const { flow, reader, writer } = await setup();
    const auth = { authorization: `Bearer ${reader}` };
    const ok = await exportRequest(flow.id, "channel=telegram", auth);
    const answers = [
      ok,
      await exportRequest(flow.id, "channel=telegram", { ...auth, "if-none-match": ok.headers.get("etag")! }),
      await exportRequest(flow.id, "channel=fax", auth),
      await exportRequest(flow.id, "channel=telegram"),
      await consentRequest({ events: [] }, reader),
      await consentRequest("{", writer),
    ];
    expect(answers.map((answer) => answer.status)).toEqual([200, 304, 400, 401, 403, 400]);
    for (const answer of answers) {
      expect(answer.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(answer.headers.get("x-frame-options")).toBe("DENY");
      expect(answer.headers.get("x-content-type-options")).toBe("nosniff");
      expect(answer.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
      expect(answer.headers.get("cross-origin-opener-policy")).toBe("same-origin");
      expect(answer.headers.get("strict-transport-security")).toBeNull();
    }
  });

  it("adds HSTS over https", async () => {
    const { flow, reader } = await setup();
    const response = await getExport(
      new Request(`https://flowguard.example/api/v1/flows/${flow.id}/export?channel=telegram`, {
        headers: { authorization: `Bearer ${reader}` },
      }),
      { params: Promise.resolve({ id: flow.id }) },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("strict-transport-security")).toContain("max-age=");
  });
});

describe("POST /api/v1/consent-events", () => {
  it("stores the events the runtime emitted, idempotent by event id", async () => {
    const { flow, reader, writer } = await setup();
    const exported = await (await exportRequest(flow.id, "channel=messenger", { authorization: `Bearer ${reader}` })).json();
    const c = new Conversation(loadExport(exported), { subject: "psid-42", now: Date.now() });
    c.send({ type: "start" });
    c.send({ type: "button", id: "accept" });
    c.send({ type: "text", text: "STOP" });
    expect(c.consentEvents).toHaveLength(2);
    const first = await consentRequest({ events: c.consentEvents }, writer);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ received: 2, inserted: 2, duplicates: 0 });
    expect(await (await consentRequest({ events: c.consentEvents }, writer)).json()).toEqual({ received: 2, inserted: 0, duplicates: 2 });
    const stored = await t.db.select().from(consentEvents).orderBy(consentEvents.seq);
    expect(stored.map((e) => e.outcome).sort()).toEqual(["accept", "withdraw"]);
    expect(stored[0]).toMatchObject({ flowId: flow.id, flowVersion: 1, channel: "messenger", consentNodeId: "consent", seq: 1 });
    // Stored pseudonymised: the bot's user id is not in the row.
    expect(JSON.stringify(stored)).not.toContain("psid-42");
  });

  async function emitted(reader: string, flowId: string) {
    const exported = await (await exportRequest(flowId, "channel=messenger", { authorization: `Bearer ${reader}` })).json();
    const c = new Conversation(loadExport(exported), { subject: "psid-7", now: Date.now() });
    c.send({ type: "start" });
    c.send({ type: "button", id: "accept" });
    return c.consentEvents[0];
  }

  const refused: [string, (e: Record<string, unknown>, foreign: string) => Record<string, unknown>, string][] = [
    ["a flow of another workspace", (e, foreign) => ({ ...e, flowId: foreign }), "0.flowVersion"],
    ["an unknown flow", (e) => ({ ...e, flowId: "no-such-flow" }), "0.flowVersion"],
    ["an unpublished version", (e) => ({ ...e, flowVersion: 2 }), "0.flowVersion"],
    ["another content hash", (e) => ({ ...e, contentHash: "c".repeat(64) }), "0.contentHash"],
    ["a step that is no consent step", (e) => ({ ...e, consentNodeId: "ask-email" }), "0.consentNodeId"],
    ["a text hash of no consent step", (e) => ({ ...e, textHash: "b".repeat(64) }), "0.textHash"],
    ["a purpose of no step", (e) => ({ ...e, purpose: "marketing" }), "0.purpose"],
    ["a wrong explicit flag", (e) => ({ ...e, explicit: true }), "0.explicit"],
    ["Art. 9 categories the step lacks", (e) => ({ ...e, categories: ["health"] }), "0.categories"],
    ["occurredAt in 1970", (e) => ({ ...e, occurredAt: "1970-01-01T00:00:00Z" }), "0.occurredAt"],
    ["occurredAt in 9999", (e) => ({ ...e, occurredAt: "9999-12-31T00:00:00Z" }), "0.occurredAt"],
    ["an answer mode that does not exist", (e) => ({ ...e, answerMode: "voice" }), "0.answerMode"],
  ];
  for (const [kind, tamper, path] of refused) {
    it(`answers 400 for ${kind}, naming ${path}, and stores nothing`, async () => {
      const { flow, foreignFlow, reader, writer } = await setup();
      const good = await emitted(reader, flow.id);
      const response = await consentRequest({ events: [tamper(good, foreignFlow.id)] }, writer);
      expect(response.status).toBe(400);
      const { error } = await response.json();
      expect(error.code).toBe("INVALID_INPUT");
      expect(error.details.issues.map((i: { path: string }) => i.path)).toContain(path);
      expect(await t.db.select().from(consentEvents)).toEqual([]);
    });
  }

  it("answers 409 when an event id comes again with other content", async () => {
    const { flow, reader, writer } = await setup();
    const good = await emitted(reader, flow.id);
    expect((await consentRequest({ events: [good] }, writer)).status).toBe(200);
    const response = await consentRequest({ events: [{ ...good, outcome: "decline" }] }, writer);
    expect(response.status).toBe(409);
    expect((await response.json()).error.details.issues[0].path).toBe("0.eventId");
  });

  it("refuses a batch with one malformed event, naming it, and stores nothing", async () => {
    const { writer } = await setup();
    const response = await consentRequest({ events: [event(), event({ eventId: "ev-2", textHash: "nope", outcome: "maybe" })] }, writer);
    expect(response.status).toBe(400);
    const { error } = await response.json();
    expect(error.code).toBe("INVALID_INPUT");
    expect(error.details.issues.map((i: { path: string }) => i.path)).toEqual(expect.arrayContaining(["1.textHash", "1.outcome"]));
    expect(await t.db.select().from(consentEvents)).toEqual([]);
  });

  it("refuses bodies that are not a batch, and missing tokens", async () => {
    const { writer, reader } = await setup();
    expect((await consentRequest("{not json", writer)).status).toBe(400);
    expect((await consentRequest({ events: [] }, writer)).status).toBe(400);
    expect((await consentRequest({ something: 1 }, writer)).status).toBe(400);
    expect((await consentRequest({ events: [event()] }, null)).status).toBe(401);
    expect((await consentRequest({ events: [event()] }, reader)).status).toBe(403);
    expect(await t.db.select().from(consentEvents)).toEqual([]);
  });
});

describe("GET /schemas/flowguard-export-v1.json", () => {
  it("serves the JSON Schema generated from zod", async () => {
    const response = getSchema();
    expect(response.headers.get("content-type")).toContain("schema+json");
    const schema = await response.json();
    expect(schema.properties.format.const).toBe("flowguard.export/v1");
  });
});
