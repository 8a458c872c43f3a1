"use client";
import { useSyncExternalStore } from "react";

const subscribe = () => () => undefined;

/**
 * False during server rendering and hydration, true once React runs the page.
 * Forms disable their submit button until then: a click before hydration would
 * otherwise submit natively and put what was typed into the address bar.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}
