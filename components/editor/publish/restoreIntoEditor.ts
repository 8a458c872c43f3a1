import type { Diagnostic } from "@/core/compliance";
import type { FlowDocument } from "@/core/flow/schema";
import type { EditorStore, SaveFailure } from "../store/editorStore";
import { waitUntilSaved } from "./waitUntilSaved";

export type RestoreRequest = { workspaceSlug: string; flowId: string; number: number; expectedVersion: number };
export type RestoredDraft = { version: number; document: FlowDocument; diagnostics: Diagnostic[] };

/**
 * Restores a published version into the editor's draft. Waits for a save on its way (else the
 * draft would be newer than the one the editor shows), sends the draft version the editor shows
 * and takes the restored draft. A draft saved elsewhere since answers a conflict: the editor then
 * offers the choice it offers after a save's conflict (reload theirs, or keep this one). Other
 * failures are thrown.
 */
export async function restoreIntoEditor(
  store: EditorStore,
  number: number,
  server: { restore(request: RestoreRequest): Promise<RestoredDraft>; explain(error: unknown): SaveFailure },
): Promise<"restored" | "conflict"> {
  await waitUntilSaved(store);
  const { workspaceSlug, flowId, serverVersion: expectedVersion } = store.getState();
  let result: RestoredDraft;
  try {
    result = await server.restore({ workspaceSlug, flowId, number, expectedVersion });
  } catch (error) {
    const failure = server.explain(error);
    if (failure.kind !== "conflict") throw error;
    store.getState().markConflict(failure.currentVersion ?? expectedVersion + 1, failure.updatedByName);
    return "conflict";
  }
  store.getState().loadFromServer(result.document, result.version, result.diagnostics);
  return "restored";
}
