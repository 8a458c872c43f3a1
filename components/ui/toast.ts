"use client";
import { useSyncExternalStore } from "react";
import type { ExternalToast } from "sonner";

/*
 * Notifications, with the toast library fetched on first use instead of with
 * every page; the <Toaster> (Providers) is mounted with the first notification too,
 * and shows it: the library hands a newly mounted Toaster the notifications still active.
 * Same calls as the library: toast.success("…"), toast.error("…", { duration }).
 */
type Kind = "success" | "error" | "info" | "warning" | "message";

let toasterWanted = false;
const listeners = new Set<() => void>();

function show(kind: Kind, message: string, options?: ExternalToast): void {
  if (!toasterWanted) {
    toasterWanted = true;
    for (const listener of listeners) listener();
  }
  void import("sonner").then(({ toast: library }) => library[kind](message, options));
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Whether a notification was shown on this page yet, i.e. whether the <Toaster> is needed. */
export function useToasterWanted(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => toasterWanted,
    () => false,
  );
}

export const toast = {
  success: (message: string, options?: ExternalToast) => show("success", message, options),
  error: (message: string, options?: ExternalToast) => show("error", message, options),
  info: (message: string, options?: ExternalToast) => show("info", message, options),
  warning: (message: string, options?: ExternalToast) => show("warning", message, options),
  message: (message: string, options?: ExternalToast) => show("message", message, options),
};
