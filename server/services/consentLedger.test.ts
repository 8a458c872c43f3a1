import { createHash, createHmac } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalJson } from "@/core/export";
import {
  canonicalRecordJson,
  eventDigestOf,
  pseudonymOf,
  pseudonymizer,
  rowHashOf,
  sha256,
  type ChainedContent,
  type ReportedContent,
} from "./consentLedger";
import { sha256Base64url } from "./secrets";

/*
 * The ingestion serialises rows with keys sorted once; stored digests and chain
 * hashes were made with `canonicalJson`, so the two must give the same text for any row.
 */
const text = fc.string({ unit: "binary", maxLength: 40 });
const reported: fc.Arbitrary<ReportedContent> = fc.record({
  eventId: text,
  flowId: text,
  flowVersion: fc.integer({ min: 1, max: 1e6 }),
  contentHash: fc.string({ unit: fc.constantFrom(..."0123456789abcdef"), minLength: 64, maxLength: 64 }),
  consentNodeId: fc.option(text, { nil: null }),
  subject: text,
  channel: fc.constantFrom("messenger", "whatsapp", "telegram", "instagram"),
  purpose: text,
  outcome: fc.constantFrom("accept", "decline", "withdraw", "object"),
  textHash: text,
  answerMode: fc.constantFrom("button", "text"),
  explicit: fc.boolean(),
  categories: fc.array(text, { maxLength: 4 }),
  privacyPolicyUrl: text,
  occurredAt: fc.integer({ min: 0, max: 4e12 }),
});

describe("ledger serialisation", () => {
  it("gives exactly canonicalJson's text for any reported event and chained row", () => {
    fc.assert(
      fc.property(reported, fc.string(), fc.integer({ min: 1, max: 1e9 }), (event, workspaceId, seq) => {
        const row: ChainedContent = { ...event, workspaceId, seq };
        expect(eventDigestOf(event)).toBe(sha256(canonicalJson(event)));
        expect(rowHashOf("0".repeat(64), row)).toBe(sha256(`${"0".repeat(64)}\n${canonicalJson(row)}`));
      }),
      { numRuns: 500 },
    );
  });

  it("leaves out undefined values and sorts keys as canonicalJson does", () => {
    const serialise = canonicalRecordJson<"b" | "a" | "Z">(["b", "a", "Z"]);
    const record = { b: [2, { y: 1, x: null }], a: undefined, Z: "z" };
    expect(serialise(record)).toBe(canonicalJson(record));
    expect(serialise(record)).toBe('{"Z":"z","b":[2,{"x":null,"y":1}]}');
  });

  it("hashes a string's UTF-8 bytes as a Hash object does, in hex and base64url", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 300 }), (value) => {
        expect(sha256(value)).toBe(createHash("sha256").update(value, "utf8").digest("hex"));
        expect(sha256Base64url(value)).toBe(createHash("sha256").update(value, "utf8").digest("base64url"));
      }),
      { numRuns: 300 },
    );
  });

  it("pseudonymises a batch's subjects exactly as one at a time, whatever the secret", () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 60 }),
        fc.array(fc.string({ unit: "binary", maxLength: 40 }), { maxLength: 8 }),
        (secret, subjects) => {
          const ofBatch = pseudonymizer(secret);
          for (const subject of [...subjects, ...subjects]) {
            expect(ofBatch(subject)).toBe(pseudonymOf(secret, subject));
            expect(ofBatch(subject)).toBe(createHmac("sha256", secret).update(subject.trim(), "utf8").digest("hex"));
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
