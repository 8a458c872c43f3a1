import type { FlowDocument } from "@/core/flow";

/*
 * Unsaved edits are kept in the browser until the server has them, so a reload,
 * a crash or a lost connection never loses work.
 */
export type LocalDraft = { baseVersion: number; document: FlowDocument; savedAt: number };

const key = (flowId: string) => `flowguard:draft:${flowId}`;

export function readLocalDraft(flowId: string): LocalDraft | null {
  try {
    const raw = window.localStorage.getItem(key(flowId));
    if (!raw) return null;
    const draft = JSON.parse(raw) as LocalDraft;
    return typeof draft.baseVersion === "number" && draft.document ? draft : null;
  } catch {
    return null;
  }
}

export function writeLocalDraft(flowId: string, draft: LocalDraft): void {
  try {
    window.localStorage.setItem(key(flowId), JSON.stringify(draft));
  } catch {
    // Storage full or disabled: the server save still runs; nothing else to do.
  }
}

export function clearLocalDraft(flowId: string): void {
  try {
    window.localStorage.removeItem(key(flowId));
  } catch {
    // ignore: see writeLocalDraft
  }
}
