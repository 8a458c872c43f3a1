"use client";
import { useLocale } from "next-intl";
import { useEffect } from "react";
import type { Locale } from "@/core/flow";
import type { EditorStore } from "./editorStore";
import { createLiveCheckClient } from "./liveCheckClient";

/**
 * Checks the draft in the browser (a Web Worker) after each change, in the language of
 * the person editing. The server checks once more when it saves, never per keystroke.
 */
export function useLiveCheck(store: EditorStore) {
  const locale = useLocale() as Locale;
  useEffect(() => {
    const client = createLiveCheckClient();
    const stop = store.getState().startLiveCheck((document) => client.check(document, store.getState().legal, locale));
    return () => {
      stop();
      client.dispose();
    };
  }, [store, locale]);
}
