import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { flows } from "@/db/schema";

/**
 * The name each consent purpose has in the workspace's flows (id → label), so
 * lists show the words the marketer chose ("Newsletter") instead of the stored id
 * ("marketing"). A purpose named differently in two flows keeps the label of the
 * most recently edited one.
 */
export async function purposeLabels(db: Db, workspaceId: string): Promise<Record<string, string>> {
  const rows = (
    await db.select({ document: flows.document, updatedAt: flows.updatedAt }).from(flows).where(eq(flows.workspaceId, workspaceId))
  ).sort((a, b) => a.updatedAt.getTime() - b.updatedAt.getTime());
  const labels: Record<string, string> = {};
  for (const row of rows) {
    let purposes: unknown;
    try {
      purposes = (JSON.parse(row.document) as { purposes?: unknown }).purposes;
    } catch {
      continue; // a draft that no longer parses names nothing
    }
    if (!Array.isArray(purposes)) continue;
    for (const p of purposes as { id?: unknown; label?: unknown }[]) {
      if (typeof p?.id === "string" && typeof p.label === "string" && p.label.trim()) labels[p.id] = p.label;
    }
  }
  return labels;
}
