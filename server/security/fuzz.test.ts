import { eq } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { workspaces } from "@/db/schema";
import { appRouter } from "@/server/api/root";
import { createFlow } from "@/server/services/flows";
import { authenticateApiToken, createApiToken } from "@/server/services/tokens";
import { publishFlow } from "@/server/services/versions";
import { createTestDb, type TestDb } from "@/server/testing/db";
import { pointAppAt } from "@/server/testing/appDb";
import { setWorkspaceLegal, signUpTestUser, workspaceRow, workspaceWithOwner } from "@/server/testing/fixtures";
import { tableRowsHash, trpcHttp } from "./testing";
import { POST as postConsentEvents } from "@/app/api/v1/consent-events/route";
import { POST as postEvents } from "@/app/api/v1/events/route";
import { GET as getExport } from "@/app/api/v1/flows/[id]/export/route";

/*
 * Generated and mutated input against every tRPC procedure (over HTTP, as the app
 * mounts it) and every /api/v1 route, as the owner of a real workspace: no answer is
 * a 5xx, and a refused request (4xx) leaves every table as it was. The rate-limit
 * counters are the one exception by design: counting refused attempts is their job.
 *
 * Inputs are built from the keys the procedures really take (workspace slug, flow id,
 * document, names, …) with valid values, values of the wrong type, huge strings,
 * control and bidi characters, deep nesting and prototype-like keys, so the fuzz gets
 * past the first check instead of only ever hitting "expected object".
 */

let t: TestDb;
let fixture: { slug: string; flowId: string; document: unknown; secrets: string[] };
let http: ReturnType<typeof trpcHttp>;

beforeAll(async () => {
  t = await createTestDb();
  pointAppAt(t.db);
  const { ownerUser, ws, slug } = await workspaceWithOwner(t.db, { name: "Fuzz Shop" });
  await setWorkspaceLegal(t.db, ws.id);
  const workspace = await workspaceRow(t.db, ws.id);
  const flow = await createFlow(t.db, { workspace, userId: ownerUser.id, templateId: "leadCapture", name: "Leads", locale: "de" });
  await publishFlow(t.db, { workspace, userId: ownerUser.id, flowId: flow.id });
  const scopes = ["exports:read", "consent:write", "events:write"] as const;
  const secrets: string[] = [];
  for (const scope of scopes) {
    secrets.push((await createApiToken(t.db, { workspaceId: ws.id, actorId: ownerUser.id, name: scope, scopes: [scope] })).secret);
  }
  // A token's last-used time is refreshed at most every few minutes on authentication; it is
  // bookkeeping of the token, not of the refused content, so it is refreshed once up front.
  for (const [i, scope] of scopes.entries()) await authenticateApiToken(t.db, `Bearer ${secrets[i]}`, scope);
  await signUpTestUser(t.db, "Second");
  fixture = { slug, flowId: flow.id, document: flow.document, secrets };
  http = trpcHttp(t.db, ownerUser);
});

afterAll(async () => {
  pointAppAt(null);
  await t.close();
});

/** Every table's rows, hashed, on either database; rate-limit counters left out (see above). */
function contentHash(): Promise<string> {
  return tableRowsHash(t.db, ["rate_limits"]);
}

const nasty = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom(
    "",
    " ",
    "\u0000",
    "\u202e",
    "\u200b\u200b",
    "../../etc/passwd",
    "' OR 1=1 --",
    "<script>x</script>",
    "=cmd|'/c calc'!A1",
  ),
  fc.constant("x".repeat(70_000)),
  fc.integer(),
  fc.constantFrom(0, -1, 1.5, Number.MAX_SAFE_INTEGER, 1e308),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom([], {}, [null], { constructor: { prototype: { polluted: true } } }, { __proto__: { admin: true } }),
  // 5,000 levels deep.
  fc.constant(Array.from({ length: 5_000 }).reduce<unknown>((inner) => ({ a: inner }), 1)),
);

/** A generated value that fast-check can print when it reports a failure (it cannot print 5,000 levels). */
type Printable = { value: unknown; [fc.toStringMethod]: () => string };
function printable(value: unknown): Printable {
  return {
    value,
    [fc.toStringMethod]: () => {
      try {
        return JSON.stringify(value).slice(0, 400);
      } catch {
        return "(too deep to print)";
      }
    },
  };
}

/** An input object: the keys the procedures take, each valid, missing or replaced by something nasty. */
function inputs(valid: () => Record<string, unknown>) {
  return fc
    .record({
      // Mostly one change at a time, so most inputs get past the first check.
      drop: fc.oneof(
        { weight: 3, arbitrary: fc.constant<string[]>([]) },
        { weight: 1, arbitrary: fc.subarray(Object.keys(valid()), { maxLength: Math.min(2, Object.keys(valid()).length) }) },
      ),
      replace: fc.oneof(
        { weight: 1, arbitrary: fc.constant({}) },
        {
          weight: 2,
          arbitrary: fc.dictionary(fc.constantFrom(...Object.keys(valid()), "constructor", "prototype", "__proto__", "extra"), nasty, {
            minKeys: 1,
            maxKeys: 2,
          }),
        },
      ),
      whole: fc.option(nasty, { freq: 8 }),
    })
    .map(({ drop, replace, whole }) => {
      if (whole !== null) return printable(whole);
      const input = valid();
      for (const key of drop) delete input[key];
      for (const [key, value] of Object.entries(replace))
        Object.defineProperty(input, key, { value, enumerable: true, configurable: true, writable: true });
      return printable(input);
    });
}

function validInput(): Record<string, unknown> {
  return {
    workspaceSlug: fixture.slug,
    flowId: fixture.flowId,
    document: structuredClone(fixture.document),
    expectedVersion: 1,
    name: "Name",
    email: "someone@example.com",
    role: "editor",
    templateId: "default",
    locale: "de",
    channel: "telegram",
    number: 1,
    from: "2020-01-01",
    subject: "psid-1",
    days: 7,
    events: [{ flowId: fixture.flowId }],
    scopes: ["exports:read"],
  };
}

/** The request as an attacker sends it: raw JSON in superjson's envelope, never through the app's client. */
async function send(name: string, type: string, input: unknown) {
  let text: string;
  try {
    text = JSON.stringify({ json: input });
  } catch {
    text = "{";
  }
  return type === "query" ? http.getRaw(name, text) : http.postRaw(name, text);
}

type ZodLike = { shape?: Record<string, unknown>; _zod?: { def?: { shape?: Record<string, unknown> } } };
/** The keys a procedure's input objects declare (the workspace middleware's and its own). */
function declaredKeys(inputs: ZodLike[] = []): string[] {
  return inputs.flatMap((input) => Object.keys(input.shape ?? input._zod?.def?.shape ?? {}));
}

const PROCEDURES = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { type: string; inputs?: ZodLike[] } }>)
  .map(([name, procedure]) => ({ name, type: procedure._def.type, keys: declaredKeys(procedure._def.inputs) }))
  // Ending every session of the caller would turn the rest of the run into "signed out".
  .filter(({ name }) => name !== "auth.signOutEverywhere")
  .sort((a, b) => a.name.localeCompare(b.name));

/** How the generated calls ended: a fuzz that never gets past validation would prove little. */
const outcomes = { accepted: 0, refused: 0 };

describe("fuzz: tRPC procedures", () => {
  it("covers the router", () => {
    expect(PROCEDURES.length).toBeGreaterThan(50);
  });

  it("the snapshot of the tables notices a changed row, and is the same once it is changed back", async () => {
    const before = await contentHash();
    await t.db.update(workspaces).set({ name: "Renamed Shop" }).where(eq(workspaces.slug, fixture.slug));
    expect(await contentHash()).not.toBe(before);
    await t.db.update(workspaces).set({ name: "Fuzz Shop" }).where(eq(workspaces.slug, fixture.slug));
    expect(await contentHash()).toBe(before);
  });

  it.each(PROCEDURES)("$name: no 5xx, and a refused call changes nothing", async ({ name, type, keys }) => {
    // Valid values for the keys the procedure declares (plus any it may take that the table knows).
    const valid = () => Object.fromEntries(Object.entries(validInput()).filter(([key]) => keys.length === 0 || keys.includes(key)));
    await fc.assert(
      fc.asyncProperty(inputs(valid), async ({ value: input }) => {
        const before = await contentHash();
        const response = await send(name, type, input);
        outcomes[response.status < 400 ? "accepted" : "refused"]++;
        expect(response.status, `${name} answered ${response.status}: ${response.text.slice(0, 300)}`).toBeLessThan(500);
        expect(response.text).not.toMatch(/Maximum call stack|at Object\.|node_modules/);
        if (response.status >= 400) expect(await contentHash(), `${name} was refused (${response.status}) but wrote`).toBe(before);
      }),
      { numRuns: 16, seed: 20261201 },
    );
  });

  it("reached the services: some calls were accepted, most refused", () => {
    expect(outcomes.accepted).toBeGreaterThan(PROCEDURES.length);
    expect(outcomes.refused).toBeGreaterThan(outcomes.accepted);
  });
});

describe("fuzz: /api/v1 routes", () => {
  const bodies = () =>
    fc.oneof(
      fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value)),
      inputs(() => ({ events: [{ flowId: fixture.flowId, flowVersion: 1, eventId: "e-1", type: "stepReached", nodeId: "start" }] })).map(
        (value) => {
          try {
            return JSON.stringify(value);
          } catch {
            return "{";
          }
        },
      ),
      fc.constantFrom("", "{", "null", "[]", '{"events":' + "[".repeat(5_000) + "]".repeat(5_000) + "}"),
    );

  it.each([
    ["consent-events", postConsentEvents, 1],
    ["events", postEvents, 2],
  ] as const)("POST %s: no 5xx, and a refused batch changes nothing", async (route, handler, scope) => {
    await fc.assert(
      fc.asyncProperty(bodies(), async (text) => {
        const before = await contentHash();
        const response = await handler(
          new Request(`http://localhost/api/v1/${route}`, {
            method: "POST",
            headers: { authorization: `Bearer ${fixture.secrets[scope]}`, "content-type": "application/json" },
            body: text,
          }),
        );
        expect(response.status, `${route} answered ${response.status}`).toBeLessThan(500);
        if (response.status >= 400) expect(await contentHash()).toBe(before);
      }),
      { numRuns: 40, seed: 20261201 },
    );
  });

  it("GET flows/[id]/export: no 5xx for any id, channel or conditional header", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constant(fixture.flowId), fc.string({ maxLength: 30 })),
        fc.oneof(fc.constantFrom("telegram", "whatsapp", "messenger", "instagram", "canonical"), fc.string({ maxLength: 20 })),
        fc.option(fc.string({ maxLength: 60 })),
        async (id, channel, ifNoneMatch) => {
          const before = await contentHash();
          const headers: Record<string, string> = { authorization: `Bearer ${fixture.secrets[0]}` };
          if (ifNoneMatch !== null) headers["if-none-match"] = ifNoneMatch.replace(/[^\x20-\x7e]/g, "");
          const response = await getExport(
            new Request(`http://localhost/api/v1/flows/${encodeURIComponent(id)}/export?channel=${encodeURIComponent(channel)}`, {
              headers,
            }),
            { params: Promise.resolve({ id }) },
          );
          expect(response.status).toBeLessThan(500);
          if (response.status >= 400) expect(await contentHash()).toBe(before);
        },
      ),
      { numRuns: 40, seed: 20261201 },
    );
  });
});
