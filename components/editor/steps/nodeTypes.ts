import type { NodeTypes } from "@xyflow/react";
import { NODE_TYPES } from "@/core/flow/constants";
import { NOTE_TYPE } from "@/components/editor/model/types";
import { NoteNode } from "./NoteNode";
import { StepNode } from "./StepNode";

/** Defined once at module scope, as React Flow asks, so the canvas never remounts nodes. */
export const nodeTypes: NodeTypes = {
  ...Object.fromEntries(NODE_TYPES.map((type) => [type, StepNode])),
  [NOTE_TYPE]: NoteNode,
};
