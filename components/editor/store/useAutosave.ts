"use client";
import { useLocale } from "next-intl";
import { useEffect, useRef } from "react";
import { useTRPCClient } from "@/components/providers/trpc";
import { appErrorData } from "@/components/ui/errorMessage";
import type { Locale } from "@/core/flow";
import type { EditorStore } from "./editorStore";
import type { SaveFailure } from "./slices/sync";

/** What a failed save over tRPC means for the editor: no answer is offline, a newer version a conflict. */
export function explainSaveError(error: unknown): SaveFailure {
  const data = appErrorData(error);
  if (!data) return { kind: "offline" };
  if (data.appCode === "LEGAL_SETTINGS_CHANGING") {
    const seconds = data.params?.seconds;
    return { kind: "retry", afterMs: typeof seconds === "number" && seconds > 0 ? seconds * 1000 : 1000 };
  }
  if (data.appCode === "VERSION_CONFLICT") {
    const details = (data.details ?? {}) as { currentVersion?: number; updatedByName?: string | null };
    return { kind: "conflict", currentVersion: details.currentVersion ?? null, updatedByName: details.updatedByName ?? null };
  }
  return { kind: "invalid", message: error instanceof Error ? error.message : String(error) };
}

/** Connects the store's autosave (see the sync slice) to the server while the editor is open. */
export function useAutosave(store: EditorStore) {
  const client = useTRPCClient();
  // Messages in the language of the person editing, which may differ from the bot's.
  const locale = useLocale() as Locale;
  const localeRef = useRef(locale);
  useEffect(() => {
    localeRef.current = locale;
  }, [locale]);

  useEffect(
    () =>
      store.getState().startAutosave({
        save: (input) => client.flows.save.mutate({ ...input, locale: localeRef.current }),
        explain: explainSaveError,
      }),
    [store, client],
  );
}
