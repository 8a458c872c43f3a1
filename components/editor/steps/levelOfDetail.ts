import type { ReactFlowState } from "@xyflow/react";
import { createContext } from "react";

/**
 * Below this zoom a step's text is smaller than about 6 px on screen: unreadable, yet it is
 * what makes a thousand boxes expensive to paint and hit-test. Steps then draw as light boxes.
 */
export const LOW_DETAIL_ZOOM = 0.5;

/**
 * True below the threshold. A boolean, not the zoom: components re-render only when the
 * zoom crosses the threshold, not on every frame of a zoom or pan.
 */
export const selectLowDetail = (state: ReactFlowState) => state.transform[2] < LOW_DETAIL_ZOOM;

/**
 * The level of detail for the step components, provided once by the canvas. Not a store
 * subscription per step: React Flow's store changes on every frame of a drag, and a
 * thousand subscribed steps would each run their selector on every change.
 */
export const LowDetailContext = createContext(false);

/**
 * A light box's size in flow units: the same as its target's classes (`w-60 h-16`) take. Connections
 * zoomed far out attach to it by these numbers, without measuring a thousand boxes.
 */
export const LIGHT_BOX = { width: 240, height: 64 } as const;
/** A sticky note's light box in flow units (`w-52 h-28`). */
export const LIGHT_NOTE = { width: 208, height: 112 } as const;
