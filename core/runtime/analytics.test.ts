import { describe, expect, it } from "vitest";
import { EXAMPLE_LEGAL, createFlowFromTemplate } from "../flow";
import { exportFlow } from "../export";
import { ZAnalyticsEvent, type AnalyticsEvent } from "../domain/analytics";
import { Conversation, loadExport, type TurnResult } from ".";

/*
 * The analytics effects of the runtime: every step run is "reached" by the edge it
 * came along, answers name the output only, endings and opt-outs name their step,
 * and nothing in them points at the person or what they typed.
 */

const T0 = Date.UTC(2026, 0, 1, 9, 0, 0);

function lead() {
  const result = exportFlow(createFlowFromTemplate("leadCapture", { id: "lead", name: "Lead", locale: "en" }), {
    legal: EXAMPLE_LEGAL,
    channel: "telegram",
    version: 2,
  });
  if (!result.ok) throw new Error("lead capture does not export");
  return new Conversation(loadExport(result.export), { subject: "chat-4711", now: T0, webhook: () => ({ ok: true }) });
}

const analyticsOf = (turn: TurnResult): AnalyticsEvent[] =>
  turn.effects.flatMap((effect) => (effect.kind === "analytics" ? [effect.event] : []));

describe("runtime: analytics effects", () => {
  it("reports each step reached along its edge, the answer's output and the completed end, without the person", () => {
    const c = lead();
    const start = analyticsOf(c.send({ type: "start" }));
    expect(start.map((e) => e.type)).toEqual(start.map(() => "stepReached"));
    expect(start[0]).toMatchObject({
      flowId: "lead",
      flowVersion: 2,
      channel: "telegram",
      via: null,
      occurredAt: new Date(T0).toISOString(),
    });
    // Each later step names the step before it and the output taken.
    for (let i = 1; i < start.length; i++) {
      expect(start[i]).toMatchObject({ via: { nodeId: (start[i - 1] as { nodeId: string }).nodeId, output: "next" } });
    }
    const accepted = analyticsOf(c.send({ type: "button", id: "accept" }));
    expect(accepted[0]).toMatchObject({ type: "answerGiven", nodeId: "consent", output: "accept" });
    expect(accepted[1]).toMatchObject({ type: "stepReached", via: { nodeId: "consent", output: "accept" } });
    const rest = [
      ...analyticsOf(c.send({ type: "text", text: "Anna Beispiel" })),
      ...analyticsOf(c.send({ type: "text", text: "anna@example.com" })),
    ];
    expect(rest.filter((e) => e.type === "answerGiven").map((e) => (e as { output: string }).output)).toEqual(["next", "next"]);
    expect(rest.at(-1)).toMatchObject({ type: "conversationEnded", reason: "completed" });
    const all = [...start, ...accepted, ...rest];
    // Every event passes the strict schema the server applies, and none carries the subject or a typed answer.
    for (const event of all) expect(ZAnalyticsEvent.safeParse(event).success).toBe(true);
    const text = JSON.stringify(all);
    for (const personal of ["chat-4711", "Anna", "anna@example.com"]) expect(text).not.toContain(personal);
    expect(new Set(all.map((e) => e.eventId)).size).toBe(all.length);
  });

  it("reports an opt-out at the waiting step, after the consent step answered", () => {
    const c = lead();
    c.send({ type: "start" });
    c.send({ type: "button", id: "accept" });
    const stop = analyticsOf(c.send({ type: "text", text: "STOP" }));
    expect(stop).toEqual([expect.objectContaining({ type: "optOut", consentNodeId: "consent", nodeId: expect.any(String) })]);
  });
});
