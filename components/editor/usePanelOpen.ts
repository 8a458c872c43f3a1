"use client";
import { useCallback, useState } from "react";

const KEY_PREFIX = "flowguard.editor.panel.";

function readStored(name: string): boolean | null {
  try {
    const value = window.localStorage.getItem(KEY_PREFIX + name);
    return value === "open" ? true : value === "closed" ? false : null;
  } catch {
    return null; // storage blocked (private mode, policies): the default applies
  }
}

/**
 * Whether a side panel of the editor is open, remembered in the browser across
 * flows and visits. Without a remembered choice, `defaultOpen` decides from the
 * screen width (the editor renders only in the browser, so it can be read here).
 */
export function usePanelOpen(name: string, defaultOpen: (width: number) => boolean): [boolean, (open: boolean) => void] {
  const [open, setOpenState] = useState(() => readStored(name) ?? defaultOpen(window.innerWidth));
  const setOpen = useCallback(
    (next: boolean) => {
      setOpenState(next);
      try {
        window.localStorage.setItem(KEY_PREFIX + name, next ? "open" : "closed");
      } catch {
        // not remembered, still applied
      }
    },
    [name],
  );
  return [open, setOpen];
}
