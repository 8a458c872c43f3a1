import type { Diagnostic } from "@/core/compliance";
import type { FlowDocument } from "@/core/flow/schema";
import type { EditorStore, SaveFailure } from "../store/editorStore";
import { waitUntilSaved } from "./waitUntilSaved";

export type RestoreRequest = { workspaceSlug: string; flowId: string; number: number; expectedVersion: number };
export type RestoredDraft = { version: number; document: FlowDocument; diagnostics: Diagnostic[] };

/** How often a restore is sent when the server keeps asking to send it again. */
const RESTORE_ATTEMPTS = 3;

/**
 * Restores a published version into the editor's draft. Waits for a save on its way (else the
 * draft would be newer than the one the editor shows), sends the draft version the editor shows
 * and takes the restored draft. A draft saved elsewhere since answers a conflict: the editor then
 * offers the choice it offers after a save's conflict (reload theirs, or keep this one). A restore
 * the server asks to send again (the legal settings changed while it was checked; nothing was
 * written) is sent again after the wait it names, up to RESTORE_ATTEMPTS times. Other failures are
 * thrown.
 */
export async function restoreIntoEditor(
  store: EditorStore,
  number: number,
  server: { restore(request: RestoreRequest): Promise<RestoredDraft>; explain(error: unknown): SaveFailure },
): Promise<"restored" | "conflict"> {
  await waitUntilSaved(store);
  const { workspaceSlug, flowId, serverVersion: expectedVersion } = store.getState();
  for (let attempt = 1; ; attempt++) {
    let result: RestoredDraft;
    try {
      result = await server.restore({ workspaceSlug, flowId, number, expectedVersion });
    } catch (error) {
      const failure = server.explain(error);
      if (failure.kind === "retry" && attempt < RESTORE_ATTEMPTS) {
        await new Promise((resolve) => setTimeout(resolve, failure.afterMs));
        continue;
      }
      if (failure.kind !== "conflict") throw error;
      store.getState().markConflict(failure.currentVersion ?? expectedVersion + 1, failure.updatedByName);
      return "conflict";
    }
    store.getState().loadFromServer(result.document, result.version, result.diagnostics);
    return "restored";
  }
}
