import type { Diagnostic, WorkspaceLegal } from "@/core/compliance";
import type { FlowDocument } from "@/core/flow/schema";
import { graphToDocument } from "../../model/document";
import { findingKey } from "./selection";
import type { EditorInit, EditorSlice } from "./types";

/** The compliance findings of the draft as the editor shows them. */
export type ChecksState = {
  diagnostics: Diagnostic[];
  issuesByNode: Readonly<Record<string, "error" | "warning">>;
  validating: boolean;
  /** The workspace's legal settings the live check reads. */
  legal: WorkspaceLegal | null;
};

/** Runs the rulebook on a draft, off the server (the editor uses a Web Worker). */
export type LiveChecker = (document: FlowDocument) => Promise<Diagnostic[]>;

export type ChecksActions = {
  setDiagnostics(diagnostics: Diagnostic[], forContentRevision: number): void;
  setValidating(validating: boolean): void;
  /**
   * Checks the draft in the browser shortly after each change that can change the result.
   * Not on opening: the findings the editor opens with are the server's, stored with the
   * draft and checked again when the draft or the workspace's legal settings change, and
   * they are data worded in the reader's language. Returns the function that stops it.
   */
  startLiveCheck(check: LiveChecker, options?: { delayMs?: number }): () => void;
};

const LIVE_CHECK_DELAY_MS = 120;

function issuesByNode(diagnostics: Diagnostic[]): Record<string, "error" | "warning"> {
  const result: Record<string, "error" | "warning"> = {};
  for (const d of diagnostics) {
    if (!d.nodeId) continue;
    if (d.severity === "error" || !result[d.nodeId]) result[d.nodeId] = d.severity;
  }
  return result;
}

/** The fields that change together with the findings. */
export function findingFields(diagnostics: Diagnostic[]): Pick<ChecksState, "diagnostics" | "issuesByNode"> {
  return { diagnostics, issuesByNode: issuesByNode(diagnostics) };
}

export const createChecksSlice =
  (init: EditorInit): EditorSlice<ChecksState & ChecksActions> =>
  (set, get, api) => ({
    ...findingFields(init.diagnostics),
    validating: false,
    legal: init.legal,

    setDiagnostics(diagnostics, forContentRevision) {
      if (forContentRevision !== get().contentRevision) return; // a newer edit is being checked
      // The highlighted path belonged to a finding that is now fixed (by autofix, an insertion or by hand): clear it.
      const highlight = get().highlight;
      const fixed = highlight?.finding !== undefined && !diagnostics.some((d) => findingKey(d) === highlight.finding);
      set({ ...findingFields(diagnostics), validating: false, ...(fixed ? { highlight: null } : {}) });
    },

    setValidating(validating) {
      set({ validating });
    },

    startLiveCheck(check, options = {}) {
      const delay = options.delayMs ?? LIVE_CHECK_DELAY_MS;
      let timer: ReturnType<typeof setTimeout> | undefined;
      let stopped = false;
      async function run() {
        const state = get();
        const revision = state.contentRevision;
        state.setValidating(true);
        try {
          const diagnostics = await check(graphToDocument(state.history.present));
          if (!stopped) get().setDiagnostics(diagnostics, revision);
        } catch {
          // The server still checks on save; the findings shown stay until then.
          if (!stopped) get().setValidating(false);
        }
      }
      const unsubscribe = api.subscribe((state, previous) => {
        if (state.contentRevision !== previous.contentRevision) {
          clearTimeout(timer);
          timer = setTimeout(() => void run(), delay);
        }
      });
      return () => {
        stopped = true;
        unsubscribe();
        clearTimeout(timer);
      };
    },
  });
