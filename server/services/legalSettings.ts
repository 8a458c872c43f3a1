import { eq } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { flows, workspaces } from "@/db/schema";
import { WORKSPACE_RULE_IDS, type Diagnostic } from "@/core/compliance";
import { ZLegalSettings, type LegalSettings, type LegalSettingsInput } from "@/core/domain/legal";
import { recordAudit } from "./audit";
import { checkDocument } from "./flows";
import { refreshLiveBlocked } from "./liveStatus";
import { transaction } from "@/db/transaction";

type WorkspaceRow = typeof workspaces.$inferSelect;

/** The legal settings as the form edits them. */
export function legalSettingsOf(workspace: WorkspaceRow): LegalSettings {
  return {
    controllerName: workspace.controllerName,
    controllerAddress: workspace.controllerAddress,
    impressumUrl: workspace.impressumUrl,
    privacyPolicyUrl: workspace.privacyPolicyUrl,
    privacyContact: workspace.privacyContact,
    // Rows saved before processors had a country read as "not given yet".
    processors: workspace.processors.map((processor) => ({
      ...processor,
      country: processor.country ?? "",
      transferBasis: processor.transferBasis ?? null,
    })),
  };
}

export type RevalidatedFlow = { id: string; name: string; errorCount: number; legalErrorCount: number };

/**
 * Runs the rulebook again on every flow of the workspace (archived ones too) with
 * its current legal settings and stores the new diagnostics and counts. Drafts and
 * their versions stay untouched: only the findings about them change. Returns
 * every flow with its error count and how many errors come from the legal rules.
 */
export async function revalidateWorkspaceFlows(db: DbOrTx, workspace: WorkspaceRow): Promise<RevalidatedFlow[]> {
  const rows = await db
    .select({ id: flows.id, name: flows.name, document: flows.document })
    .from(flows)
    .where(eq(flows.workspaceId, workspace.id));
  const result: RevalidatedFlow[] = [];
  for (const row of rows) {
    let diagnostics: Diagnostic[];
    try {
      diagnostics = checkDocument(JSON.parse(row.document), workspace).diagnostics;
    } catch {
      // A stored draft always parsed when it was saved; if a later format change
      // broke it, its old findings stay until someone opens and saves it.
      continue;
    }
    const errors = diagnostics.filter((d) => d.severity === "error");
    const errorCount = errors.length;
    await db
      .update(flows)
      .set({ diagnostics, errorCount, warningCount: diagnostics.length - errorCount })
      .where(eq(flows.id, row.id));
    const legalErrorCount = errors.filter((d) => WORKSPACE_RULE_IDS.includes(d.rule)).length;
    result.push({ id: row.id, name: row.name, errorCount, legalErrorCount });
  }
  return result;
}

/**
 * Saves the legal settings, records the change (before and after) in the audit
 * log and re-validates every flow, all in one transaction. Returns the stored
 * settings and the flows that the legal rules now block from publishing.
 */
export async function saveLegalSettings(
  db: Db,
  options: { workspace: WorkspaceRow; actorId: string; settings: LegalSettingsInput },
): Promise<{ settings: LegalSettings; blockedFlows: RevalidatedFlow[] }> {
  const settings = ZLegalSettings.parse(options.settings);
  const before = legalSettingsOf(options.workspace);
  return transaction(db, async (tx) => {
    await tx
      .update(workspaces)
      .set({ ...settings, updatedAt: new Date() })
      .where(eq(workspaces.id, options.workspace.id));
    await recordAudit(tx, {
      workspaceId: options.workspace.id,
      actorId: options.actorId,
      action: "legal.update",
      targetType: "workspace",
      targetId: options.workspace.id,
      before,
      after: settings,
    });
    const updated = { ...options.workspace, ...settings };
    const revalidated = await revalidateWorkspaceFlows(tx, updated);
    await refreshLiveBlocked(tx, updated);
    return { settings, blockedFlows: revalidated.filter((f) => f.legalErrorCount > 0) };
  });
}
