"use client";
import clsx from "clsx";
import { memo } from "react";
import { useStepOverlay } from "@/components/editor/canvas/overlay";

/** The overlay's lines under a step (nothing when no overlay is shown). */
function StepOverlayBadgeView({ nodeId, large = false }: { nodeId: string; large?: boolean }) {
  const lines = useStepOverlay(nodeId);
  if (lines.length === 0) return null;
  return (
    <dl
      data-testid={`overlay-${nodeId}`}
      className={clsx(
        "absolute top-full left-0 z-10 mt-1 grid w-full grid-cols-[auto_1fr] gap-x-2 rounded-lg border border-indigo-200 bg-indigo-50/95 px-2 py-1 text-indigo-950",
        large ? "text-lg" : "text-[10px]",
      )}
    >
      {lines.map((line) => (
        <div key={line.label} className="contents" data-testid={line.testId}>
          <dt className="truncate">{line.label}</dt>
          <dd
            className={clsx(
              "text-right font-semibold tabular-nums",
              line.tone === "alert" && "text-red-700",
              line.tone === "good" && "text-emerald-700",
            )}
          >
            {line.value}
          </dd>
        </div>
      ))}
    </dl>
  );
}

export const StepOverlayBadge = memo(StepOverlayBadgeView);
