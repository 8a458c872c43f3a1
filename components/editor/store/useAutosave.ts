"use client";
import { useMutation } from "@tanstack/react-query";
import { useLocale } from "next-intl";
import { useEffect, useRef } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { appErrorData } from "@/components/ui/errorMessage";
import { graphToDocument } from "../model/document";
import type { EditorStore } from "./editorStore";
import { clearLocalDraft, writeLocalDraft } from "./localDraft";

const SAVE_DELAY_MS = 800;
const LOCAL_DELAY_MS = 250;
const OFFLINE_RETRY_MS = 4000;

/**
 * Saves the draft shortly after each edit with the version it was based on.
 * Until the server confirms, the draft also sits in the browser. A newer save
 * by someone else stops autosave and asks the person what to keep.
 */
export function useAutosave(store: EditorStore) {
  const trpc = useTRPC();
  // Messages in the language of the person editing, which may differ from the bot's.
  const locale = useLocale() as "de" | "en";
  const localeRef = useRef(locale);
  localeRef.current = locale;
  // "always": fail fast when offline instead of pausing, so the person sees it.
  const save = useMutation({ ...trpc.flows.save.mutationOptions(), networkMode: "always" });
  const saveRef = useRef(save.mutateAsync);
  saveRef.current = save.mutateAsync;

  useEffect(() => {
    let saveTimer: ReturnType<typeof setTimeout> | undefined;
    let localTimer: ReturnType<typeof setTimeout> | undefined;
    let inFlight = false;

    const writeLocal = () => {
      const state = store.getState();
      if (state.revision === state.savedRevision) return;
      writeLocalDraft(state.flowId, {
        baseVersion: state.serverVersion,
        document: graphToDocument(state.history.present),
        savedAt: Date.now(),
      });
    };

    const schedule = (delay = SAVE_DELAY_MS) => {
      clearTimeout(saveTimer);
      saveTimer = setTimeout(() => void run(), delay);
    };

    async function run() {
      const state = store.getState();
      if (!state.canEdit || state.saveStatus === "conflict" || state.revision === state.savedRevision) return;
      if (inFlight) return schedule();
      if (!navigator.onLine) {
        state.markOffline();
        return; // the "online" event saves
      }
      inFlight = true;
      const revision = state.revision;
      state.markSaving();
      try {
        const result = await saveRef.current({
          locale: localeRef.current,
          workspaceSlug: state.workspaceSlug,
          flowId: state.flowId,
          expectedVersion: state.serverVersion,
          document: graphToDocument(state.history.present),
        });
        store.getState().markSaved(result.version, revision, result.diagnostics);
        if (store.getState().revision === revision) clearLocalDraft(state.flowId);
        else {
          writeLocal();
          schedule();
        }
      } catch (error) {
        const data = appErrorData(error);
        if (!data) {
          store.getState().markOffline();
          schedule(OFFLINE_RETRY_MS);
        } else if (data.appCode === "VERSION_CONFLICT") {
          const details = (data.details ?? {}) as { currentVersion?: number; updatedByName?: string | null };
          store.getState().markConflict(details.currentVersion ?? state.serverVersion + 1, details.updatedByName ?? null);
        } else {
          store.getState().markInvalid(error instanceof Error ? error.message : String(error));
        }
      } finally {
        inFlight = false;
      }
    }

    const unsubscribe = store.subscribe((state, previous) => {
      if (state.revision !== previous.revision && state.canEdit) {
        clearTimeout(localTimer);
        localTimer = setTimeout(writeLocal, LOCAL_DELAY_MS);
        if (state.saveStatus !== "conflict") schedule();
      }
    });
    const onOnline = () => schedule(0);
    const onLeave = () => writeLocal();
    window.addEventListener("online", onOnline);
    window.addEventListener("pagehide", onLeave);
    // Something to save already (a restored browser draft): save it now.
    if (store.getState().revision !== store.getState().savedRevision) schedule(0);
    return () => {
      unsubscribe();
      clearTimeout(saveTimer);
      clearTimeout(localTimer);
      writeLocal();
      window.removeEventListener("online", onOnline);
      window.removeEventListener("pagehide", onLeave);
    };
  }, [store]);
}
