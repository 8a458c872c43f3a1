"use client";
import { useLocale } from "next-intl";
import { useEffect } from "react";
import type { Locale } from "@/core/flow";
import type { EditorStore } from "./editorStore";
import { createLiveCheckClient, type LiveCheckClient } from "./liveCheckClient";

/**
 * Checks the draft in the browser (a Web Worker) after each change, in the language of
 * the person editing. The server checks once more when it saves, never per keystroke.
 *
 * The worker (the whole rulebook, the public suffix list, the schemas) starts with the
 * first change: until then the findings shown are the ones the server stored with this
 * draft, which it checks again whenever the draft or the workspace's legal settings change.
 */
export function useLiveCheck(store: EditorStore) {
  const locale = useLocale() as Locale;
  useEffect(() => {
    let client: LiveCheckClient | null = null;
    const stop = store
      .getState()
      .startLiveCheck((document) => (client ??= createLiveCheckClient()).check(document, store.getState().legal, locale));
    return () => {
      stop();
      client?.dispose();
    };
  }, [store, locale]);
}
