import type { CanvasNode, NodeContent } from "../model/types";
import type { EditorState } from "./slices/types";

/** A node's id, type and data: what forms and lists show, without its position. */
export type NodeContentWithId = NodeContent & { readonly id: string };

/**
 * The node last seen with each data object. A drag gives a node a new position (a new
 * node object) but keeps its data object, so the same entry comes back and whoever shows
 * only content does not re-render; an edit makes new data and a new entry.
 */
const seenWithData = new WeakMap<object, NodeContentWithId>();

export function contentOf(node: CanvasNode): NodeContentWithId {
  const seen = seenWithData.get(node.data);
  if (seen !== undefined && seen.type === node.type && seen.id === node.id) return seen;
  seenWithData.set(node.data, node);
  return node;
}

/** Every node's content; use with `useShallow`, so a drag (positions only) re-renders nothing. */
export const selectNodeContents = (s: EditorState): NodeContentWithId[] => s.history.present.nodes.map(contentOf);
