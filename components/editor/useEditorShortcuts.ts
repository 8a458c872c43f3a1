"use client";
import { useEffect } from "react";
import { toast } from "@/components/ui/toast";
import type { useTranslations } from "next-intl";
import { canvasItemOf } from "./canvas/useCanvasKeyboard";
import { readingOrder } from "./model/readingOrder";
import type { EditorStore } from "./store/editorStore";

/** True when the key press belongs to a text field, not to the canvas. */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

/** After deleting the focused item, focus stays on the canvas: on the next step in reading order. */
function focusAfterDelete(store: EditorStore, deletedId: string, order: string[]) {
  const at = order.indexOf(deletedId);
  const remaining = new Set(store.getState().history.present.nodes.map((n) => n.id));
  const next = [...order.slice(at + 1), ...order.slice(0, at).reverse()].find((id) => remaining.has(id));
  if (!next) return;
  requestAnimationFrame(() => document.querySelector<HTMLElement>(`.react-flow__node[data-id="${CSS.escape(next)}"]`)?.focus());
}

/**
 * Undo (Ctrl/Cmd+Z), redo (Ctrl/Cmd+Shift+Z, Ctrl+Y), copy, paste and duplicate
 * (Ctrl/Cmd+C/V/D), delete (Backspace/Delete: the step or connection with keyboard
 * focus, else the selection) and "?" for the list of shortcuts. Text fields keep their own keys.
 */
export function useEditorShortcuts(store: EditorStore, t: ReturnType<typeof useTranslations<"editor">>, onHelp: () => void) {
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (isTyping(event.target)) return;
      // Inside a dialog its own keys apply.
      if (event.target instanceof Element && event.target.closest("dialog")) return;
      if (event.key === "?" && !event.ctrlKey && !event.metaKey && !event.altKey) {
        event.preventDefault();
        onHelp();
        return;
      }
      const state = store.getState();
      if (!state.canEdit) return;
      const mod = event.ctrlKey || event.metaKey;
      const key = event.key.toLowerCase();
      if (mod && key === "z") {
        event.preventDefault();
        if (event.shiftKey) state.redo();
        else state.undo();
      } else if (mod && key === "y") {
        event.preventDefault();
        state.redo();
      } else if (mod && key === "c") {
        const count = state.copySelection();
        if (count > 0) toast.message(t("copied", { count }));
      } else if (mod && key === "v") {
        event.preventDefault();
        state.paste();
      } else if (mod && key === "d") {
        event.preventDefault();
        state.duplicateSelection();
      } else if (!mod && (event.key === "Delete" || event.key === "Backspace")) {
        event.preventDefault();
        // The focused step, not the selected one: keyboard users act where their focus is.
        const target =
          event.target instanceof Element && event.target.matches(".react-flow__node, .react-flow__edge") ? event.target : null;
        const focused = canvasItemOf(target);
        const order = focused?.kind === "node" ? readingOrder(state.history.present).nodeIds : [];
        const refused = focused ? state.deleteElement(focused.kind, focused.id) : state.deleteSelection();
        if (refused) toast.error(t("deleteRefused", { reason: refused.reason }), { duration: 8000 });
        else if (focused?.kind === "node") focusAfterDelete(store, focused.id, order);
      }
    }
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [store, t, onHelp]);
}
