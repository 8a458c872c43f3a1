import type { AnalyticsEvent } from "../domain/analytics";

/**
 * What one count row stands for. Kinds: `reached` (a step ran), `left` (a step was
 * left by `output`: the edge to the next step), `answer` (an answer chose `output`),
 * `ended` (`output` = the reason), `optOut` (at the step), `optOutAfter` (after the
 * consent step `nodeId` was answered). `nodeId` and `output` are "" where there is none.
 */
export const COUNT_KINDS = ["reached", "left", "answer", "ended", "optOut", "optOutAfter"] as const;
export type CountKind = (typeof COUNT_KINDS)[number];

export interface CountKey {
  flowId: string;
  flowVersion: number;
  nodeId: string;
  kind: CountKind;
  output: string;
  channel: string;
  /** UTC day, YYYY-MM-DD. */
  day: string;
  test: boolean;
}

/** The UTC day of an ISO date and time. */
export function dayOf(occurredAt: string): string {
  return new Date(occurredAt).toISOString().slice(0, 10);
}

/**
 * The count rows one event adds to (each by one). Pure: the server adds them up when
 * events arrive, and tests recount streams with it.
 */
export function countKeysOf(event: AnalyticsEvent): CountKey[] {
  const base = {
    flowId: event.flowId,
    flowVersion: event.flowVersion,
    channel: event.channel,
    day: dayOf(event.occurredAt),
    test: event.test === true,
  };
  switch (event.type) {
    case "stepReached": {
      const keys: CountKey[] = [{ ...base, nodeId: event.nodeId, kind: "reached", output: "" }];
      if (event.via) keys.push({ ...base, nodeId: event.via.nodeId, kind: "left", output: event.via.output });
      return keys;
    }
    case "answerGiven":
      return [{ ...base, nodeId: event.nodeId, kind: "answer", output: event.output }];
    case "conversationEnded":
      return [{ ...base, nodeId: event.nodeId ?? "", kind: "ended", output: event.reason }];
    case "optOut": {
      const keys: CountKey[] = [{ ...base, nodeId: event.nodeId ?? "", kind: "optOut", output: "" }];
      if (event.consentNodeId) keys.push({ ...base, nodeId: event.consentNodeId, kind: "optOutAfter", output: "" });
      return keys;
    }
  }
}

/** One string per count row, for maps that add up increments. */
export function countKeyString(key: CountKey): string {
  return [key.flowId, key.flowVersion, key.nodeId, key.kind, key.output, key.channel, key.day, key.test ? 1 : 0].join("\u0000");
}
