import { create } from "zustand";

/*
 * An extension point for overlays on the canvas (today: the analytics mode). A
 * feature puts ready-to-show lines per step and a width per edge here; the step
 * boxes and the edges read only their own entry, so the canvas knows nothing about
 * the feature and an empty overlay costs one selector per step.
 */

export interface StepOverlayLine {
  label: string;
  value: string;
  /** `alert`: drawn in red (e.g. many drop off here). */
  tone?: "alert" | "good";
  testId?: string;
}

export interface CanvasOverlayState {
  /** Whether an overlay mode is on (the top bar's toggle). */
  active: boolean;
  steps: Readonly<Record<string, readonly StepOverlayLine[]>>;
  /** Stroke width per edge, keyed `source\u0000sourceHandle`; null: edges as usual. */
  edgeWidths: Readonly<Record<string, number>> | null;
  setActive: (active: boolean) => void;
  show: (steps: Record<string, StepOverlayLine[]>, edgeWidths: Record<string, number> | null) => void;
  clear: () => void;
}

export const useCanvasOverlay = create<CanvasOverlayState>()((set) => ({
  active: false,
  steps: {},
  edgeWidths: null,
  setActive: (active) => set(active ? { active } : { active, steps: {}, edgeWidths: null }),
  show: (steps, edgeWidths) => set({ steps, edgeWidths }),
  clear: () => set({ steps: {}, edgeWidths: null }),
}));

export const edgeOverlayKey = (source: string, sourceHandle: string | null | undefined) => `${source}\u0000${sourceHandle ?? ""}`;

const EMPTY: readonly StepOverlayLine[] = [];

/** The overlay lines of one step (a stable empty list when there are none). */
export function useStepOverlay(nodeId: string): readonly StepOverlayLine[] {
  return useCanvasOverlay((s) => s.steps[nodeId] ?? EMPTY);
}
