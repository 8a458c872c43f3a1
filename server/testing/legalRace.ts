import type * as Workspaces from "@/server/services/workspaces";

/*
 * Legal-settings saves that commit right after a workspace was read, one per read, as an admin on
 * another instance can commit them between a request's read of the workspace and its write. A test
 * file routes the workspace look-ups through `withLegalSavesAfterReads`:
 *
 *   vi.mock("@/server/services/workspaces", async (original) =>
 *     (await import("@/server/testing/legalRace")).withLegalSavesAfterReads(await original()));
 *
 * and arms them with `legalSavesAfterReads(workspaceId, count, save)`. The reads themselves, the saves
 * and the database are the real ones; only the moment of the saves is chosen.
 */

type Armed = { workspaceId: string; remaining: number; committed: number; save: (index: number) => Promise<unknown> };

let armed: Armed | null = null;

/**
 * The next `count` reads of the workspace (the request's own, in a workspace procedure, and the
 * re-reads after a refused write) are each followed by `save(index)`, committed before the read's
 * row is handed on. Returns how many of them ran so far; `disarm` drops the rest.
 */
export function legalSavesAfterReads(
  workspaceId: string,
  count: number,
  save: (index: number) => Promise<unknown>,
): { committed: () => number; disarm: () => void } {
  const state: Armed = { workspaceId, remaining: count, committed: 0, save };
  armed = state;
  return {
    committed: () => state.committed,
    disarm: () => {
      if (armed === state) armed = null;
    },
  };
}

/** Whether an armed save is running (reads it makes itself are not followed by another). */
let saving = false;

async function afterRead(workspaceId: string | undefined): Promise<void> {
  const state = armed;
  if (saving || !state || state.workspaceId !== workspaceId || state.remaining === 0) return;
  state.remaining--;
  saving = true;
  try {
    await state.save(state.committed);
  } finally {
    saving = false;
  }
  state.committed++;
}

/** The workspaces module with its two workspace look-ups followed by the armed legal-settings saves. */
export function withLegalSavesAfterReads(module: typeof Workspaces): typeof Workspaces {
  return {
    ...module,
    findWorkspaceById: async (db, id) => {
      const row = await module.findWorkspaceById(db, id);
      await afterRead(row?.id);
      return row;
    },
    findMembershipBySlug: async (db, options) => {
      const membership = await module.findMembershipBySlug(db, options);
      await afterRead(membership?.workspace.id);
      return membership;
    },
  };
}
