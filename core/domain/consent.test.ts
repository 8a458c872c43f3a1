import { describe, expect, it } from "vitest";
import { ZConsentEvent } from "./consent";

const event = {
  eventId: "ev-1",
  flowId: "flow-1",
  flowVersion: 1,
  contentHash: "a".repeat(64),
  consentNodeId: "consent",
  subject: "psid-7",
  channel: "messenger",
  purpose: "support",
  outcome: "accept",
  textHash: "b".repeat(64),
  answerMode: "button",
  explicit: false,
  categories: [],
  privacyPolicyUrl: "https://www.example.com/datenschutz",
  occurredAt: "2026-12-01T09:30:00Z",
};

describe("ZConsentEvent.occurredAt", () => {
  it("takes an ISO 8601 date and time", () => {
    expect(ZConsentEvent.parse(event).occurredAt.toISOString()).toBe("2026-12-01T09:30:00.000Z");
  });

  it("refuses what is no date with a message saying what to send, not zod's type names", () => {
    const result = ZConsentEvent.safeParse({ ...event, occurredAt: "yesterday" });
    expect(result.success).toBe(false);
    const issue = result.error!.issues.find((i) => i.path.join(".") === "occurredAt")!;
    expect(issue.message).toBe("occurredAt must be an ISO 8601 date and time, e.g. 2026-12-01T09:30:00Z");
    expect(issue.message).not.toMatch(/received Date/);
  });
});
