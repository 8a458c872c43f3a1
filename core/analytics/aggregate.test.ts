import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ZAnalyticsEvent } from "../domain/analytics";
import { dayOf } from "./aggregate";

describe("dayOf", () => {
  it("gives the UTC day of any time the schema accepts, in UTC or with an offset", () => {
    const offset = fc.oneof(
      fc.constant("Z"),
      fc
        .tuple(fc.constantFrom("+", "-"), fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
        .map(([sign, hours, minutes]) => `${sign}${String(hours).padStart(2, "0")}:${String(minutes).padStart(2, "0")}`),
    );
    const time = fc.date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2100-01-01T00:00:00Z"), noInvalidDate: true });
    fc.assert(
      fc.property(time, offset, fc.boolean(), (date, zone, fraction) => {
        const local = new Date(
          date.getTime() +
            (zone === "Z" ? 0 : (zone[0] === "+" ? 1 : -1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4))) * 60_000),
        );
        const occurredAt = `${local.toISOString().slice(0, fraction ? 23 : 19)}${zone}`;
        const event = {
          eventId: "ae-12345678",
          flowId: "f",
          flowVersion: 1,
          channel: "telegram",
          occurredAt,
          type: "optOut",
          nodeId: null,
          consentNodeId: null,
        };
        expect(ZAnalyticsEvent.safeParse(event).success, occurredAt).toBe(true);
        expect(dayOf(occurredAt), occurredAt).toBe(date.toISOString().slice(0, 10));
      }),
      { numRuns: 500 },
    );
  });
});
