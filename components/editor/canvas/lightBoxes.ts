import type { CanvasNode, CanvasNodeType } from "@/components/editor/model/types";
import { LIGHT_BOX, LIGHT_NOTE } from "@/components/editor/steps/levelOfDetail";
import { STEP_META, type PaletteGroup } from "@/components/editor/steps/stepMeta";

/** How a light box is coloured: by its state if it has one worth seeing, else by its palette group. */
export type BoxLook = PaletteGroup | "selected" | "highlighted" | "error" | "note" | "selectedNote";

/** One step or note zoomed far out, in flow coordinates. */
export type Box = {
  id: string;
  type: CanvasNodeType;
  x: number;
  y: number;
  width: number;
  height: number;
  title: string;
  look: BoxLook;
  highlighted: boolean;
};

/**
 * About as many characters of a title as fit a light box at its text size. Zoomed this
 * far out a title is a few pixels high: it shows where a step is, not what it says.
 */
const TITLE_CHARS = 16;

/** A title cut to what fits a light box, with an ellipsis where it was cut. */
export function shortTitle(title: string): string {
  return title.length > TITLE_CHARS ? `${title.slice(0, TITLE_CHARS - 1).trimEnd()}…` : title;
}

/**
 * A light box's title per step, worded once per data object (a drag moves a step
 * without touching its data) and cut to fit.
 */
export function createTitles(name: (node: CanvasNode) => string): (node: CanvasNode) => string {
  const titles = new WeakMap<object, { type: string; title: string }>();
  return (node) => {
    let cached = titles.get(node.data);
    // The same data under another type (a copied step) is named for that type.
    if (cached?.type !== node.type) {
      cached = { type: node.type, title: shortTitle(name(node)) };
      titles.set(node.data, cached);
    }
    return cached.title;
  };
}

function lookOf(node: CanvasNode, highlighted: boolean, issue: "error" | "warning" | undefined): BoxLook {
  if (node.type === "note") return node.selected ? "selectedNote" : "note";
  if (node.selected) return "selected";
  if (highlighted) return "highlighted";
  if (issue === "error") return "error";
  return STEP_META[node.type].group;
}

/** The light boxes of all steps and notes, in the order of `nodes`. */
export function lightBoxes(
  nodes: readonly CanvasNode[],
  highlight: ReadonlySet<string> | undefined,
  issues: Readonly<Record<string, "error" | "warning">>,
  titleOf: (node: CanvasNode) => string,
): Box[] {
  return nodes.map((node) => {
    const highlighted = highlight?.has(node.id) ?? false;
    const size = node.type === "note" ? LIGHT_NOTE : LIGHT_BOX;
    return {
      id: node.id,
      type: node.type,
      x: node.position.x,
      y: node.position.y,
      width: size.width,
      height: size.height,
      title: node.type === "note" ? "" : titleOf(node),
      look: lookOf(node, highlighted, issues[node.id]),
      highlighted,
    };
  });
}
