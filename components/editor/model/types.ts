import type { Edge, Node } from "@xyflow/react";
import type { FlowDocument, NodeType } from "@/core/flow";

/** A sticky note: lives on the canvas only, stored in the document's optional `notes`. */
export type StickyNote = { id: string; position: { x: number; y: number }; text: string };
export const NOTE_TYPE = "note";

export type StepData = Record<string, unknown>;
/** A canvas node: a flow step (type = step type) or a sticky note. */
export type CanvasNode = Node<StepData, NodeType | typeof NOTE_TYPE>;
export type CanvasEdge = Edge;

/** Everything of the document except its graph (extra fields are kept as they are). */
export type FlowMeta = Pick<FlowDocument, "schemaVersion" | "id" | "name" | "locale" | "channels" | "purposes" | "settings"> & {
  notes?: StickyNote[];
  [extra: string]: unknown;
};

/** The editable state one history entry captures. */
export type EditorGraph = { nodes: CanvasNode[]; edges: CanvasEdge[]; meta: FlowMeta };

export type XY = { x: number; y: number };
