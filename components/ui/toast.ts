"use client";
import type { ExternalToast } from "sonner";

/*
 * Notifications, with the toast library fetched on first use instead of with
 * every page; the <Toaster> itself is mounted after hydration (Providers).
 * Same calls as the library: toast.success("…"), toast.error("…", { duration }).
 */
type Kind = "success" | "error" | "info" | "warning" | "message";

function show(kind: Kind, message: string, options?: ExternalToast): void {
  void import("sonner").then(({ toast: library }) => library[kind](message, options));
}

export const toast = {
  success: (message: string, options?: ExternalToast) => show("success", message, options),
  error: (message: string, options?: ExternalToast) => show("error", message, options),
  info: (message: string, options?: ExternalToast) => show("info", message, options),
  warning: (message: string, options?: ExternalToast) => show("warning", message, options),
  message: (message: string, options?: ExternalToast) => show("message", message, options),
};
