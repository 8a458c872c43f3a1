import type { Edge, Node, NodeProps } from "@xyflow/react";
import type { FlowDocument, NodeData, NodeType, StepContent } from "@/core/flow";

/** A sticky note: lives on the canvas only, stored in the document's optional `notes`. */
export type StickyNote = { id: string; position: { x: number; y: number }; text: string };
export const NOTE_TYPE = "note";
export type NoteData = { text: string };

/*
 * Canvas nodes carry the data of their step type, as the flow schema defines it
 * (`NodeData<T>`), so the canvas, the inspector and the step components read
 * `node.data.options` after checking `node.type === "choice"`, without casts.
 * `type` is required here (React Flow makes it optional) so it always discriminates.
 */

/** A flow step of one type on the canvas. */
export type StepNodeOf<T extends NodeType> = Node<NodeData<T>, T> & { type: T };
/** A flow step of any type: a union discriminated on `type`. */
export type StepCanvasNode = { [T in NodeType]: StepNodeOf<T> }[NodeType];
export type NoteCanvasNode = Node<NoteData, typeof NOTE_TYPE> & { type: typeof NOTE_TYPE };
/** A canvas node: a flow step (type = step type) or a sticky note. */
export type CanvasNode = StepCanvasNode | NoteCanvasNode;
export type CanvasNodeType = CanvasNode["type"];
export type CanvasEdge = Edge;

export type { StepContent };
/** A type and its data, for a step or a note. */
export type NodeContent = StepContent | { type: typeof NOTE_TYPE; data: NoteData };
/** The data of any canvas node (what `updateData` takes). */
export type CanvasNodeData = CanvasNode["data"];

/**
 * What React Flow hands a node component, per type: a union, so narrowing `props.type`
 * narrows `props.data` too (React Flow's own `NodeProps<Union>` keeps them apart).
 */
export type StepNodeProps = { [T in NodeType]: NodeProps<StepNodeOf<T>> }[NodeType];
export type NoteNodeProps = NodeProps<NoteCanvasNode>;

/** Everything of the document except its graph (extra fields are kept as they are). */
export type FlowMeta = Pick<FlowDocument, "schemaVersion" | "id" | "name" | "locale" | "channels" | "purposes" | "settings"> & {
  notes?: StickyNote[];
  [extra: string]: unknown;
};

/** The editable state one history entry captures. */
export type EditorGraph = { nodes: CanvasNode[]; edges: CanvasEdge[]; meta: FlowMeta };

export type XY = { x: number; y: number };
