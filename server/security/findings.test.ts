import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { runStatement } from "@/db/batch";
import { flows } from "@/db/schema";
import { TEXT_MAX_CHARACTERS } from "@/core/flow";
import { MAX_DOCUMENT_BYTES } from "@/core/domain/untrusted";
import { appTestDb } from "@/server/testing/appDb";
import { codeOf, workspaceWithOwner } from "@/server/testing/fixtures";
import { TRPC_MAX_BODY_BYTES } from "@/server/http/body";
import { databaseState, errorData, trpcHttp } from "./testing";

/*
 * One test (or group) per finding of the hardening review, named after it, against
 * the real router over the real HTTP handler and a real database.
 */

const t = appTestDb();

async function flowSetup() {
  const setup = await workspaceWithOwner(t.db, { name: "Secure Shop" });
  const flow = await setup.owner.flows.create({ workspaceSlug: setup.slug, templateId: "leadCapture", name: "Leads", locale: "en" });
  return { ...setup, flow, http: trpcHttp(t.db, setup.ownerUser) };
}

const DEEP = "<deep>";
const DEPTH = 5000;

/** `{ json: input }` as text with `"<deep>"` replaced by 5,000 nested objects (too deep for JSON.stringify here). */
function deepJson(input: unknown): string {
  return JSON.stringify({ json: input }).replace(`"${DEEP}"`, '{"a":'.repeat(DEPTH) + '"leaf"' + "}".repeat(DEPTH));
}

describe("finding 1: unbounded flow documents", () => {
  it("refuses a body above the limit announced by Content-Length with 413, before reading it", async () => {
    const { http, slug, flow } = await flowSetup();
    const before = await databaseState(t.db, t.file);
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(64 * 1024).fill(32));
      },
    });
    const response = await http.postRaw("flows.save", endless, { "content-length": String(TRPC_MAX_BODY_BYTES + 1) });
    expect(response.status).toBe(413);
    expect(errorData(response.json).appCode).toBe("PAYLOAD_TOO_LARGE");
    expect(pulled).toBeLessThanOrEqual(2);
    expect(await databaseState(t.db, t.file)).toBe(before);
    expect((await t.db.select().from(flows).where(eq(flows.id, flow.id)).limit(1))[0]!.version).toBe(1);
    void slug;
  });

  it("stops reading a streamed body without Content-Length as soon as it passes the limit", async () => {
    const { http } = await flowSetup();
    let sent = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += 1024 * 1024;
        controller.enqueue(new Uint8Array(1024 * 1024).fill(32));
      },
    });
    const response = await http.postRaw("flows.save", endless);
    expect(response.status).toBe(413);
    expect(sent).toBeLessThan(TRPC_MAX_BODY_BYTES + 3 * 1024 * 1024);
  });

  it("refuses a parsed document above 5 MB given straight to flows.save (no HTTP body limit in between)", async () => {
    const { owner, slug, flow } = await flowSetup();
    const before = await databaseState(t.db, t.file);
    const padding = Array.from({ length: 1400 }, (_, i) => ({ id: `pad-${i}`, label: "x".repeat(4000), description: "" }));
    const huge = { ...flow.document, purposes: [...flow.document.purposes, ...padding] };
    const attempt = owner.flows.save({ workspaceSlug: slug, flowId: flow.id, expectedVersion: 1, document: huge });
    await expect(attempt).rejects.toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
    expect(await databaseState(t.db, t.file)).toBe(before);
  });

  it("refuses a document a little above 5 MB inside a body within the limit over HTTP, checked once as it was read", async () => {
    const { http, slug, flow } = await flowSetup();
    const before = await databaseState(t.db, t.file);
    const base = { ...flow.document, purposes: [...flow.document.purposes, { id: "pad", label: "", description: "" }] };
    const over = MAX_DOCUMENT_BYTES - Buffer.byteLength(JSON.stringify(base)) + 20_000;
    const huge = { ...base, purposes: [...flow.document.purposes, { id: "pad", label: "x".repeat(over), description: "" }] };
    const body = JSON.stringify({ json: { workspaceSlug: slug, flowId: flow.id, expectedVersion: 1, document: huge } });
    expect(Buffer.byteLength(body)).toBeLessThan(TRPC_MAX_BODY_BYTES);
    const response = await http.postRaw("flows.save", body);
    expect(response.status).toBe(413);
    expect(errorData(response.json).appCode).toBe("PAYLOAD_TOO_LARGE");
    expect(await databaseState(t.db, t.file)).toBe(before);
  });

  it("refuses a text longer than any channel accepts, naming the field", async () => {
    const { owner, slug, flow } = await flowSetup();
    const message = flow.document.nodes.find((n) => n.type === "message")!;
    const long = {
      ...flow.document,
      nodes: flow.document.nodes.map((n) =>
        n.id === message.id ? { ...n, data: { ...n.data, text: "a".repeat(TEXT_MAX_CHARACTERS + 1) } } : n,
      ),
    };
    const attempt = owner.flows.save({ workspaceSlug: slug, flowId: flow.id, expectedVersion: 1, document: long });
    await expect(attempt).rejects.toMatchObject({ code: "UNPROCESSABLE_CONTENT" });
    await expect(attempt).rejects.toThrow(/data\.text.*4096/);
    // Exactly the limit, in emoji (two UTF-16 units each), is fine.
    const atLimit = {
      ...flow.document,
      nodes: flow.document.nodes.map((n) =>
        n.id === message.id ? { ...n, data: { ...n.data, text: "😀".repeat(TEXT_MAX_CHARACTERS) } } : n,
      ),
    };
    expect(await codeOf(owner.flows.save({ workspaceSlug: slug, flowId: flow.id, expectedVersion: 1, document: atLimit }))).toBe("OK");
  });

  it("refuses more than 20 calls in one batch", async () => {
    const { http, slug } = await flowSetup();
    const paths = Array.from({ length: 21 }, () => "flows.list").join(",");
    const input = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [i, { json: { workspaceSlug: slug } }]));
    const response = await http.postRaw(`${paths}?batch=1`, JSON.stringify(input));
    expect(response.status).toBe(400);
  });
});

describe('finding 5: a "constructor" key breaks a flow for good', () => {
  it.each(["constructor", "__proto__", "prototype"])(
    "refuses a %s key anywhere in a saved document with 422 and keeps the draft",
    async (key) => {
      const { http, slug, flow, owner } = await flowSetup();
      const before = await databaseState(t.db, t.file);
      const text = JSON.stringify({
        json: {
          workspaceSlug: slug,
          flowId: flow.id,
          expectedVersion: 1,
          document: { ...flow.document, settings: { ...flow.document.settings } },
        },
      }).replace('"settings":{', `"settings":{"${key}":{"polluted":true},`);
      const response = await http.postRaw("flows.save", text);
      expect(response.status).toBe(400);
      expect(errorData(response.json).appCode).toBe("INVALID_INPUT");
      expect(response.text).toContain(`document.settings.${key}`);
      expect(await databaseState(t.db, t.file)).toBe(before);
      // The flow still loads and validates.
      expect(await codeOf(owner.flows.get({ workspaceSlug: slug, flowId: flow.id }))).toBe("OK");
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    },
  );

  it("refuses the key in a document given straight to the service as 422", async () => {
    const { owner, slug, flow } = await flowSetup();
    const document = JSON.parse(JSON.stringify(flow.document).replace('"nodes":', '"constructor":{"name":"x"},"nodes":'));
    const attempt = owner.flows.validate({ workspaceSlug: slug, document });
    await expect(attempt).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});

describe("finding 8: deep nesting answers 500 and leaks internal text", () => {
  it("answers a 5,000-deep field with 400 naming the depth, not a stack overflow", async () => {
    const { http, slug, flow } = await flowSetup();
    for (const [path, input] of [
      ["flows.validate", { workspaceSlug: slug, document: { ...flow.document, extra: DEEP } }],
      ["flows.save", { workspaceSlug: slug, flowId: flow.id, expectedVersion: 1, document: DEEP }],
    ] as const) {
      const response = await http.postRaw(path, deepJson(input));
      expect(response.status).toBe(400);
      expect(response.text).toContain("nested too deeply");
      expect(response.text).not.toMatch(/call stack|at .*\.ts|node_modules/);
    }
  });

  it("answers a body that is not JSON with 400", async () => {
    const { http } = await flowSetup();
    const response = await http.postRaw("flows.validate", "{not json");
    expect(response.status).toBe(400);
    expect(response.text).not.toMatch(/SyntaxError|node_modules/);
  });

  it("answers an internal failure with a reference only, no error text or stack", async () => {
    const { http, slug } = await flowSetup();
    // A broken database is the kind of fault the client must not see the details of.
    await runStatement(t.db, "DROP TABLE flow_versions", []);
    const response = await http.get("flows.list", { workspaceSlug: slug });
    expect(response.status).toBe(500);
    const data = errorData(response.json);
    expect(data.appCode).toBe("INTERNAL");
    expect(String(data.params?.requestId)).toMatch(/^[0-9a-f]{16}$/);
    expect(data.stack).toBeUndefined();
    expect(response.text).not.toMatch(/flow_versions|SqliteError|no such table|does not exist/);
  });
});
