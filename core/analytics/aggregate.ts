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

/**
 * The UTC day of an ISO date and time. A time in UTC (`…Z`, as the runtime sends it)
 * starts with its day; only one with an offset needs the calendar.
 */
export function dayOf(occurredAt: string): string {
  if (occurredAt.endsWith("Z") && occurredAt[10] === "T") return occurredAt.slice(0, 10);
  return new Date(occurredAt).toISOString().slice(0, 10);
}

/**
 * The count rows one event adds to (each by one). Pure: the server adds them up when
 * events arrive, and tests recount streams with it.
 */
export function countKeysOf(event: AnalyticsEvent): CountKey[] {
  const { flowId, flowVersion, channel } = event;
  const day = dayOf(event.occurredAt);
  const test = event.test === true;
  const key = (nodeId: string, kind: CountKind, output: string): CountKey => ({
    flowId,
    flowVersion,
    nodeId,
    kind,
    output,
    channel,
    day,
    test,
  });
  switch (event.type) {
    case "stepReached":
      return event.via
        ? [key(event.nodeId, "reached", ""), key(event.via.nodeId, "left", event.via.output)]
        : [key(event.nodeId, "reached", "")];
    case "answerGiven":
      return [key(event.nodeId, "answer", event.output)];
    case "conversationEnded":
      return [key(event.nodeId ?? "", "ended", event.reason)];
    case "optOut":
      return event.consentNodeId
        ? [key(event.nodeId ?? "", "optOut", ""), key(event.consentNodeId, "optOutAfter", "")]
        : [key(event.nodeId ?? "", "optOut", "")];
  }
}

/** One string per count row, for maps that add up increments. */
export function countKeyString(key: CountKey): string {
  return `${key.flowId}\u0000${key.flowVersion}\u0000${key.nodeId}\u0000${key.kind}\u0000${key.output}\u0000${key.channel}\u0000${key.day}\u0000${key.test ? 1 : 0}`;
}
