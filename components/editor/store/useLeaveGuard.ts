"use client";
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import type { EditorStore } from "./editorStore";

/**
 * Leaving with unsaved edits saves first. A link inside the app (such as "back to the
 * flows") waits for the save and asks only if it failed; closing or reloading the tab
 * starts the save and lets the browser ask.
 */
export function useLeaveGuard(store: EditorStore, confirmLeave: () => boolean) {
  const router = useRouter();
  useEffect(() => {
    let leaving = false;

    function onClick(event: MouseEvent) {
      if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const anchor = event.target instanceof Element ? event.target.closest("a[href]") : null;
      if (!(anchor instanceof HTMLAnchorElement) || (anchor.target && anchor.target !== "_self") || anchor.hasAttribute("download")) return;
      const url = new URL(anchor.href, window.location.href);
      if (url.origin !== window.location.origin) return;
      if (!store.getState().hasUnsavedChanges()) return;
      // Captured before the link's own handler, which would navigate without waiting.
      event.preventDefault();
      event.stopPropagation();
      if (leaving) return;
      leaving = true;
      void store
        .getState()
        .flushSave()
        .then((status) => {
          if (status === "saved" || confirmLeave()) router.push(url.pathname + url.search + url.hash);
        })
        .finally(() => {
          leaving = false;
        });
    }

    function onBeforeUnload(event: BeforeUnloadEvent) {
      if (!store.getState().hasUnsavedChanges()) return;
      void store.getState().flushSave();
      event.preventDefault();
    }

    document.addEventListener("click", onClick, true);
    window.addEventListener("beforeunload", onBeforeUnload);
    return () => {
      document.removeEventListener("click", onClick, true);
      window.removeEventListener("beforeunload", onBeforeUnload);
    };
  }, [store, router, confirmLeave]);
}
