import type { StepOverlayLine } from "@/components/editor/canvas/overlay";
import { edgeOverlayKey } from "@/components/editor/canvas/overlay";
import type { ShownCount } from "@/core/domain/analytics";
import type { FlowReport } from "@/core/analytics/report";

/** A translator for the "analytics" namespace (next-intl's `t`, or a stand-in in benchmarks). */
export type AnalyticsWords = (key: string, values?: Record<string, string | number>) => string;

const THINNEST = 1.5;
const THICKEST = 10;

/** A share at or above this marks "dropped" in red: most people leave here. */
const ALERT_DROP_SHARE = 50;

/**
 * The canvas overlay for a report: per step reached / continued / dropped (% of
 * reached), each output's share, consent answers and opt-outs after a consent step;
 * with `compare`, that version's reached (and acceptance) next to it. Edge widths
 * follow traffic. Pure, so it is measured in the benchmarks.
 */
export function overlayOf(
  report: FlowReport,
  words: AnalyticsWords,
  outputLabel: (nodeId: string, output: string) => string,
  compare?: { version: number; report: FlowReport } | null,
): { steps: Record<string, StepOverlayLine[]>; edgeWidths: Record<string, number> } {
  const share = (value: number | null) => (value === null ? words("noShare") : words("percent", { value }));
  const count = (value: ShownCount) => String(value);
  const compared = compare ? new Map(compare.report.steps.map((step) => [step.nodeId, step])) : null;
  const steps: Record<string, StepOverlayLine[]> = {};
  for (const step of report.steps) {
    const lines: StepOverlayLine[] = [{ label: words("reached"), value: count(step.reached), testId: `reached-${step.nodeId}` }];
    if (step.outputs.length > 0) {
      lines.push({ label: words("continued"), value: count(step.continued) });
      lines.push({
        label: words("dropped"),
        value: `${count(step.dropped)} (${share(step.droppedShare)})`,
        tone: step.droppedShare !== null && step.droppedShare >= ALERT_DROP_SHARE ? "alert" : undefined,
        testId: `dropped-${step.nodeId}`,
      });
    } else if (step.type === "end") {
      lines.push({ label: words("completed"), value: count(step.completed), tone: "good" });
    }
    if (step.consent) {
      lines.push({
        label: words("accept"),
        value: `${count(step.consent.accept)} (${share(step.consent.acceptShare)})`,
        tone: "good",
        testId: `accept-${step.nodeId}`,
      });
      lines.push({ label: words("decline"), value: count(step.consent.decline) });
      lines.push({ label: words("noAnswer"), value: count(step.consent.noAnswer) });
      lines.push({ label: words("optOutsAfter"), value: count(step.consent.optOutsAfter) });
    } else if (step.outputs.length > 1) {
      for (const output of step.outputs) lines.push({ label: outputLabel(step.nodeId, output.output), value: share(output.share) });
    }
    const other = compared?.get(step.nodeId);
    if (compare && other) {
      lines.push({
        label: words("versionNumber", { number: compare.version }),
        value: count(other.reached),
        testId: `compare-${step.nodeId}`,
      });
      if (other.consent)
        lines.push({
          label: `${words("versionNumber", { number: compare.version })} ${words("acceptShare")}`,
          value: share(other.consent.acceptShare),
        });
    }
    steps[step.nodeId] = lines;
  }
  const edgeWidths: Record<string, number> = {};
  for (const edge of report.edges) edgeWidths[edgeOverlayKey(edge.source, edge.output)] = THINNEST + edge.weight * (THICKEST - THINNEST);
  return { steps, edgeWidths };
}
