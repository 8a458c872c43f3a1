"use client";
import { useMutation } from "@tanstack/react-query";
import { useLocale } from "next-intl";
import { useEffect, useRef } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { appErrorData } from "@/components/ui/errorMessage";
import type { Diagnostic } from "@/core/compliance";
import type { MessageParam } from "@/core/flow";
import { graphToDocument } from "../model/document";
import type { EditorStore } from "./editorStore";

const VALIDATE_DELAY_MS = 350;

/** Asks the server to check the flow shortly after each content change. */
export function useLiveValidation(store: EditorStore) {
  const trpc = useTRPC();
  // Messages in the language of the person editing, which may differ from the bot's.
  const locale = useLocale() as "de" | "en";
  const localeRef = useRef(locale);
  localeRef.current = locale;
  const check = useMutation({ ...trpc.flows.validate.mutationOptions(), networkMode: "always" });
  const checkRef = useRef(check.mutateAsync);
  checkRef.current = check.mutateAsync;

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    async function run() {
      const state = store.getState();
      const revision = state.contentRevision;
      state.setValidating(true);
      try {
        const result = await checkRef.current({
          locale: localeRef.current,
          workspaceSlug: state.workspaceSlug,
          document: graphToDocument(state.history.present),
        });
        store.getState().setDiagnostics(result.diagnostics, revision);
      } catch (error) {
        const data = appErrorData(error);
        const errors = (
          (data?.details as { errors?: { nodeId?: string; message: string; detail?: MessageParam }[] } | null)?.errors ?? []
        ).map((e): Diagnostic => ({
          rule: "schema",
          severity: "error",
          nodeId: e.nodeId ?? null,
          params: { error: e.detail ?? e.message },
        }));
        if (errors.length > 0) store.getState().setDiagnostics(errors, revision);
        else store.getState().setValidating(false);
      }
    }
    const unsubscribe = store.subscribe((state, previous) => {
      if (state.contentRevision !== previous.contentRevision) {
        clearTimeout(timer);
        timer = setTimeout(() => void run(), VALIDATE_DELAY_MS);
      }
    });
    // Once at the start too: stored findings may be in another person's language.
    timer = setTimeout(() => void run(), 0);
    return () => {
      unsubscribe();
      clearTimeout(timer);
    };
  }, [store]);
}
