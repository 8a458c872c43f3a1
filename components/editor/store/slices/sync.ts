import type { Diagnostic } from "@/core/compliance";
import type { FlowDocument } from "@/core/flow/schema";
import { documentToGraph, graphToDocument } from "../../model/document";
import { createHistory } from "../../model/history";
import { clearLocalDraft, writeLocalDraft, type LocalDraft } from "../localDraft";
import { findingFields } from "./checks";
import type { EditorInit, EditorSlice } from "./types";

export type SaveStatus = "saved" | "dirty" | "saving" | "retrying" | "offline" | "conflict" | "invalid";

export type SaveDraftInput = { workspaceSlug: string; flowId: string; expectedVersion: number; document: FlowDocument };
export type SaveDraftResult = { version: number; diagnostics: Diagnostic[] };
/** Why a save failed, as far as the editor acts on it. */
export type SaveFailure =
  | { kind: "offline" }
  | { kind: "conflict"; currentVersion: number | null; updatedByName: string | null }
  /** Nobody else saved, nothing was written: the same save succeeds when sent again after `afterMs`. */
  | { kind: "retry"; afterMs: number }
  | { kind: "invalid"; message: string };

/** The way to the server: the editor page passes the tRPC client, tests the real router. */
export type DraftSaver = {
  save(input: SaveDraftInput): Promise<SaveDraftResult>;
  explain(error: unknown): SaveFailure;
};

export type AutosaveOptions = { saveDelayMs?: number; localDelayMs?: number; offlineRetryMs?: number };

/** The draft's state on the server: versions, save status and a conflict to settle. */
export type SyncState = {
  serverVersion: number;
  /** The live version's number, null while nothing is published. */
  publishedVersion: number | null;
  /** Why the bot API refuses the live version, as findings; null while it is served. */
  liveBlockedBy: Diagnostic[] | null;
  savedRevision: number;
  saveStatus: SaveStatus;
  saveMessage: string | null;
  conflict: { currentVersion: number; updatedByName: string | null } | null;
};

export type SyncActions = {
  /**
   * Saves the draft shortly after each edit, with the version it was based on; until
   * the server confirms, the draft also sits in the browser. A newer save by someone
   * else stops autosave and opens the conflict choice; a save the server asks to send
   * again (the legal settings changed while it was checked) is sent again by itself. Returns the function that stops it
   * (which starts a last save of anything unsaved).
   */
  startAutosave(saver: DraftSaver, options?: AutosaveOptions): () => void;
  /** Saves now instead of after the delay and resolves with the status once settled (leaving the editor). */
  flushSave(): Promise<SaveStatus>;
  /** Edits the server does not have yet (nothing counts for viewers, who cannot save). */
  hasUnsavedChanges(): boolean;
  /** Takes the server's draft (after a conflict or a restored version); the browser's copy is dropped. */
  loadFromServer(document: FlowDocument, version: number, diagnostics: Diagnostic[]): void;
  /** Brings back edits the browser kept; a draft based on an older version opens the conflict choice. */
  restoreLocalDraft(draft: LocalDraft): "restored" | "conflict";
  markSaving(): void;
  markRetrying(): void;
  markSaved(version: number, revision: number, diagnostics: Diagnostic[]): void;
  markConflict(currentVersion: number, updatedByName: string | null): void;
  markOffline(): void;
  markInvalid(message: string): void;
  keepMineAfterConflict(): void;
};

/** The status after an edit: unsaved, unless a conflict still waits for the person's choice. */
export function dirtyStatus(status: SaveStatus): SaveStatus {
  return status === "conflict" ? "conflict" : "dirty";
}

const SAVE_DELAY_MS = 800;
const LOCAL_DELAY_MS = 250;
const OFFLINE_RETRY_MS = 4000;
/** Statuses after which saving again without the person's help brings nothing. */
const STUCK: ReadonlySet<SaveStatus> = new Set(["conflict", "invalid", "offline"]);

const isOffline = () => typeof navigator !== "undefined" && navigator.onLine === false;

export const createSyncSlice =
  (init: EditorInit): EditorSlice<SyncState & SyncActions> =>
  (set, get, api) => {
    // Autosave's moving parts; one set per store, started by the editor page.
    let saver: DraftSaver | null = null;
    let delays = { saveDelayMs: SAVE_DELAY_MS, localDelayMs: LOCAL_DELAY_MS, offlineRetryMs: OFFLINE_RETRY_MS };
    let saveTimer: ReturnType<typeof setTimeout> | undefined;
    let localTimer: ReturnType<typeof setTimeout> | undefined;
    let inFlight: Promise<void> | null = null;

    const unsaved = () => {
      const state = get();
      return state.canEdit && state.revision !== state.savedRevision;
    };

    function writeLocal() {
      const state = get();
      if (state.revision === state.savedRevision) return;
      writeLocalDraft(state.flowId, {
        baseVersion: state.serverVersion,
        document: graphToDocument(state.history.present),
        savedAt: Date.now(),
      });
    }

    function schedule(delay = delays.saveDelayMs) {
      clearTimeout(saveTimer);
      saveTimer = setTimeout(() => void run(), delay);
    }

    async function run(): Promise<void> {
      const state = get();
      const current = saver;
      if (!current || !unsaved() || state.saveStatus === "conflict") return;
      if (inFlight) return schedule();
      if (isOffline()) {
        state.markOffline();
        return; // the "online" event saves
      }
      const revision = state.revision;
      state.markSaving();
      inFlight = (async () => {
        try {
          const result = await current.save({
            workspaceSlug: state.workspaceSlug,
            flowId: state.flowId,
            expectedVersion: state.serverVersion,
            document: graphToDocument(state.history.present),
          });
          get().markSaved(result.version, revision, result.diagnostics);
          if (get().revision === revision) clearLocalDraft(state.flowId);
          else {
            writeLocal();
            schedule();
          }
        } catch (error) {
          const failure = current.explain(error);
          if (failure.kind === "offline") {
            get().markOffline();
            schedule(delays.offlineRetryMs);
          } else if (failure.kind === "retry") {
            get().markRetrying();
            schedule(failure.afterMs);
          } else if (failure.kind === "conflict") {
            get().markConflict(failure.currentVersion ?? state.serverVersion + 1, failure.updatedByName);
          } else {
            get().markInvalid(failure.message);
          }
        }
      })();
      try {
        await inFlight;
      } finally {
        inFlight = null;
      }
    }

    return {
      serverVersion: init.version,
      publishedVersion: init.publishedVersion,
      liveBlockedBy: init.liveBlockedBy ?? null,
      savedRevision: 0,
      saveStatus: "saved",
      saveMessage: null,
      conflict: null,

      startAutosave(next, options = {}) {
        saver = next;
        delays = {
          saveDelayMs: options.saveDelayMs ?? SAVE_DELAY_MS,
          localDelayMs: options.localDelayMs ?? LOCAL_DELAY_MS,
          offlineRetryMs: options.offlineRetryMs ?? OFFLINE_RETRY_MS,
        };
        const unsubscribe = api.subscribe((state, previous) => {
          if (state.revision !== previous.revision && state.canEdit) {
            clearTimeout(localTimer);
            localTimer = setTimeout(writeLocal, delays.localDelayMs);
            if (state.saveStatus !== "conflict") schedule();
          }
        });
        const onOnline = () => schedule(0);
        const hasWindow = typeof window !== "undefined";
        if (hasWindow) {
          window.addEventListener("online", onOnline);
          window.addEventListener("pagehide", writeLocal);
        }
        // Something to save already (a restored browser draft): save it now.
        if (unsaved()) schedule(0);
        return () => {
          unsubscribe();
          clearTimeout(saveTimer);
          clearTimeout(localTimer);
          writeLocal();
          if (hasWindow) {
            window.removeEventListener("online", onOnline);
            window.removeEventListener("pagehide", writeLocal);
          }
          // Leaving by a way nobody could intercept (the browser's back button): the request still goes out.
          void run();
          if (saver === next) saver = null;
        };
      },

      async flushSave() {
        clearTimeout(saveTimer);
        // A save in flight may have started before the last edit; then one more is needed.
        for (let attempt = 0; attempt < 3; attempt++) {
          if (inFlight) await inFlight;
          if (!unsaved() || STUCK.has(get().saveStatus)) break;
          await run();
        }
        return get().saveStatus;
      },

      hasUnsavedChanges: unsaved,

      loadFromServer(document, version, diagnostics) {
        const state = get();
        set({
          history: createHistory(documentToGraph(document)),
          serverVersion: version,
          revision: state.revision + 1,
          savedRevision: state.revision + 1,
          contentRevision: state.contentRevision + 1,
          saveStatus: "saved",
          saveMessage: null,
          conflict: null,
          autoInserted: null,
          uncheckedSince: null,
          highlight: null,
          ...findingFields(diagnostics),
        });
        clearLocalDraft(state.flowId);
      },

      restoreLocalDraft(draft) {
        const state = get();
        const current = state.serverVersion;
        set({
          history: createHistory(documentToGraph(draft.document)),
          // Unsaved by definition: autosave picks it up (unless there is a conflict to settle).
          revision: state.revision + 1,
          contentRevision: state.contentRevision + 1,
          serverVersion: draft.baseVersion,
          saveStatus: "dirty",
        });
        if (draft.baseVersion === current) return "restored";
        // Saved elsewhere since: let the person choose, as with any conflict.
        get().markConflict(current, null);
        return "conflict";
      },

      markSaving() {
        set({ saveStatus: "saving", saveMessage: null });
      },

      markRetrying() {
        set({ saveStatus: "retrying", saveMessage: null });
      },

      markSaved(version, revision, diagnostics) {
        const state = get();
        set({
          serverVersion: version,
          savedRevision: revision,
          saveStatus: state.revision === revision ? "saved" : "dirty",
          saveMessage: null,
        });
        if (state.revision === revision) get().setDiagnostics(diagnostics, state.contentRevision);
      },

      markConflict(currentVersion, updatedByName) {
        set({ saveStatus: "conflict", conflict: { currentVersion, updatedByName } });
      },

      markOffline() {
        set({ saveStatus: "offline" });
      },

      markInvalid(message) {
        set({ saveStatus: "invalid", saveMessage: message });
      },

      keepMineAfterConflict() {
        const state = get();
        if (!state.conflict) return;
        // Save on top of the other version: ours becomes the newest.
        set({ serverVersion: state.conflict.currentVersion, conflict: null, saveStatus: "dirty", revision: state.revision + 1 });
      },
    };
  };
