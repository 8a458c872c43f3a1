"use client";
import { useReactFlow } from "@xyflow/react";
import { useCallback, useRef, type FocusEvent, type KeyboardEvent } from "react";
import { readingOrder } from "@/components/editor/model/readingOrder";
import { useEditorStoreApi } from "@/components/editor/store/EditorStoreProvider";

type Item = { kind: "node" | "edge"; id: string };

const ITEM_SELECTOR = ".react-flow__node, .react-flow__edge";

/** The canvas step or connection an element belongs to. */
export function canvasItemOf(element: Element | null): Item | null {
  const item = element?.closest(ITEM_SELECTOR);
  const id = item?.getAttribute("data-id");
  if (!item || !id) return null;
  return { kind: item.classList.contains("react-flow__node") ? "node" : "edge", id };
}

function findElement(root: HTMLElement, item: Item): HTMLElement | null {
  const selector = `${item.kind === "node" ? ".react-flow__node" : ".react-flow__edge"}[data-id="${CSS.escape(item.id)}"]`;
  return root.querySelector<HTMLElement>(selector);
}

/**
 * Keyboard focus on the canvas in the flow's reading order: Tab and Shift+Tab go
 * from step to step as a person reads the flow (steps first, then connections)
 * instead of the drawing order, where every connection comes before the first
 * step. Entering the canvas lands on the step focused last (or the first); Tab
 * past the last item leaves the canvas. Steps off screen are not drawn, so the
 * view moves to them before they take focus.
 */
export function useCanvasKeyboard() {
  const store = useEditorStoreApi();
  const { getInternalNode, setCenter, getViewport } = useReactFlow();
  const last = useRef<Item | null>(null);

  const order = useCallback((): Item[] => {
    const { nodes, edges } = store.getState().history.present;
    const { nodeIds, edgeIds } = readingOrder({ nodes, edges });
    return [...nodeIds.map((id) => ({ kind: "node" as const, id })), ...edgeIds.map((id) => ({ kind: "edge" as const, id }))];
  }, [store]);

  const centreOf = useCallback(
    (item: Item): { x: number; y: number } | null => {
      const { edges } = store.getState().history.present;
      const centre = (id: string) => {
        const node = getInternalNode(id);
        if (!node) return null;
        const { x, y } = node.internals.positionAbsolute;
        return { x: x + (node.measured.width ?? 240) / 2, y: y + (node.measured.height ?? 80) / 2 };
      };
      if (item.kind === "node") return centre(item.id);
      const edge = edges.find((e) => e.id === item.id);
      const a = edge && centre(edge.source);
      const b = edge && centre(edge.target);
      return a && b ? { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 } : null;
    },
    [store, getInternalNode],
  );

  const focusItem = useCallback(
    (root: HTMLElement, item: Item) => {
      last.current = item;
      const present = findElement(root, item);
      if (present) {
        present.focus();
        return;
      }
      // Not drawn (off screen): bring it into view, then focus it once it is there.
      const centre = centreOf(item);
      if (centre) void setCenter(centre.x, centre.y, { zoom: getViewport().zoom });
      let frames = 0;
      const retry = () => {
        const element = findElement(root, item);
        if (element) element.focus();
        else if (++frames < 20) requestAnimationFrame(retry);
      };
      requestAnimationFrame(retry);
    },
    [centreOf, setCenter, getViewport],
  );

  const onKeyDownCapture = useCallback(
    (event: KeyboardEvent<HTMLElement>) => {
      if (event.key !== "Tab" || event.altKey || event.ctrlKey || event.metaKey) return;
      const current = canvasItemOf(event.target as Element);
      // Only when the item itself has focus: fields inside a step keep the browser's order.
      if (!current || !(event.target as Element).matches(ITEM_SELECTOR)) return;
      const items = order();
      const index = items.findIndex((i) => i.kind === current.kind && i.id === current.id);
      const next = index < 0 ? -1 : index + (event.shiftKey ? -1 : 1);
      const root = event.currentTarget;
      if (next >= 0 && next < items.length) {
        event.preventDefault();
        focusItem(root, items[next]);
        return;
      }
      // Past either end: leave the canvas. Other items step out of the tab order for this one key press.
      const others = [...root.querySelectorAll<HTMLElement>(ITEM_SELECTOR)].filter((e) => e !== event.target && e.tabIndex >= 0);
      for (const element of others) element.tabIndex = -1;
      setTimeout(() => {
        for (const element of others) element.tabIndex = 0;
      });
    },
    [order, focusItem],
  );

  const onFocusCapture = useCallback(
    (event: FocusEvent<HTMLElement>) => {
      const root = event.currentTarget;
      const target = event.target as HTMLElement;
      const item = canvasItemOf(target);
      if (!item || !target.matches(ITEM_SELECTOR)) return;
      const from = event.relatedTarget as Node | null;
      const fromInside = from !== null && root.contains(from);
      // Pointer clicks focus what was clicked; only keyboard focus entering from outside is redirected.
      if (fromInside || !target.matches(":focus-visible")) {
        last.current = item;
        return;
      }
      const items = order();
      const remembered = last.current && items.find((i) => i.kind === last.current!.kind && i.id === last.current!.id);
      const cameFromAfter = from !== null && (root.compareDocumentPosition(from) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;
      const wanted = remembered ?? (cameFromAfter ? items.at(-1) : items[0]);
      if (wanted && (wanted.kind !== item.kind || wanted.id !== item.id)) focusItem(root, wanted);
      else last.current = item;
    },
    [order, focusItem],
  );

  return { onKeyDownCapture, onFocusCapture };
}
