import { describe, expect, it } from "vitest";
import { analyticsCounts, analyticsEvents } from "@/db/schema";
import { Conversation, loadExport } from "@/core/runtime";
import { createApiToken } from "@/server/services/tokens";
import { exportVersion } from "@/server/services/versions";
import { appTestDb } from "@/server/testing/appDb";
import { publishedLeadFlow } from "@/server/testing/fixtures";
import { POST as postEvents } from "@/app/api/v1/events/route";

/*
 * POST /api/v1/events called as Next.js calls it, on a temporary database the app's
 * connection is pointed at: the events a runtime emitted are counted once; a field
 * that could identify a person is a 422 naming it.
 */

const t = appTestDb();

async function setup() {
  const { user, workspace, flow } = await publishedLeadFlow(t.db, "Events Shop");
  const exported = (await exportVersion(t.db, { workspace, flowId: flow.id, channel: "whatsapp" })).export;
  const c = new Conversation(loadExport(exported), { subject: "4915112345678", now: Date.now() });
  const events = [c.send({ type: "start" }), c.send({ type: "button", id: "accept" })].flatMap((turn) =>
    turn.effects.flatMap((effect) => (effect.kind === "analytics" ? [effect.event] : [])),
  );
  const token = async (scopes: ("events:write" | "consent:write")[]) =>
    (await createApiToken(t.db, { workspaceId: workspace.id, actorId: user.id, name: "Bot", scopes })).secret;
  return { events, writer: await token(["events:write"]), consentOnly: await token(["consent:write"]) };
}

const post = (body: unknown, secret: string) =>
  postEvents(
    new Request("http://localhost/api/v1/events", {
      method: "POST",
      headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
  );

describe("POST /api/v1/events", () => {
  it("counts the runtime's events once; a resend is all duplicates", async () => {
    const { events, writer } = await setup();
    const first = await post({ events }, writer);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ received: events.length, counted: events.length, duplicates: 0 });
    const again = await post(events, writer);
    expect(await again.json()).toEqual({ received: events.length, counted: 0, duplicates: events.length });
    expect(JSON.stringify(await t.db.select().from(analyticsEvents))).not.toContain("4915112345678");
  });

  it("answers 422 naming a person identifier or typed text, and counts nothing", async () => {
    const { events, writer } = await setup();
    const response = await post({ events: [events[0], { ...events[1], subject: "4915112345678" }] }, writer);
    expect(response.status).toBe(422);
    const body = (await response.json()) as { error: { code: string; message: string; details: { issues: { path: string }[] } } };
    expect(body.error.code).toBe("INVALID_EVENTS");
    expect(body.error.message).toMatch(/^1: "subject" not allowed/);
    expect(body.error.details.issues.map((issue) => issue.path)).toEqual(["1"]);
    expect(await t.db.select().from(analyticsCounts)).toEqual([]);
  });

  it("answers 403 for a token without events:write and 400 for a body that is not a batch", async () => {
    const { events, writer, consentOnly } = await setup();
    expect((await post({ events }, consentOnly)).status).toBe(403);
    expect((await post({ nothing: true }, writer)).status).toBe(400);
    expect((await post({ events: Array.from({ length: 501 }, () => events[0]) }, writer)).status).toBe(422);
  });
});
