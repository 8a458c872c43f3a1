"use client";
import { useEffect } from "react";
import { toast } from "@/components/ui/toast";
import type { useTranslations } from "next-intl";
import type { EditorStore } from "./store/editorStore";

/** True when the key press belongs to a text field, not to the canvas. */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

/**
 * Undo (Ctrl/Cmd+Z), redo (Ctrl/Cmd+Shift+Z, Ctrl+Y), copy, paste and duplicate
 * (Ctrl/Cmd+C/V/D), delete (Backspace/Delete). Text fields keep their own keys.
 */
export function useEditorShortcuts(store: EditorStore, t: ReturnType<typeof useTranslations<"editor">>) {
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (isTyping(event.target)) return;
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
        const refused = state.deleteSelection();
        if (refused) toast.error(t("deleteRefused", { reason: refused.reason }), { duration: 8000 });
      }
    }
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [store, t]);
}
