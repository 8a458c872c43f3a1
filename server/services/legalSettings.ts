import { eq } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { flows, workspaces } from "@/db/schema";
import { WORKSPACE_RULE_IDS, type Diagnostic } from "@/core/compliance";
import { ZLegalSettings, type LegalSettings, type LegalSettingsInput } from "@/core/domain/legal";
import { recordAudit } from "./audit";
import { checkDocument } from "./flows";
import { refreshLiveBlocked } from "./liveStatus";

type WorkspaceRow = typeof workspaces.$inferSelect;

/** The legal settings as the form edits them. */
export function legalSettingsOf(workspace: WorkspaceRow): LegalSettings {
  return {
    controllerName: workspace.controllerName,
    controllerAddress: workspace.controllerAddress,
    impressumUrl: workspace.impressumUrl,
    privacyPolicyUrl: workspace.privacyPolicyUrl,
    privacyContact: workspace.privacyContact,
    processors: workspace.processors,
  };
}

export type RevalidatedFlow = { id: string; name: string; errorCount: number; legalErrorCount: number };

/**
 * Runs the rulebook again on every flow of the workspace (archived ones too) with
 * its current legal settings and stores the new diagnostics and counts. Drafts and
 * their versions stay untouched: only the findings about them change. Returns
 * every flow with its error count and how many errors come from the legal rules.
 */
export function revalidateWorkspaceFlows(db: DbOrTx, workspace: WorkspaceRow): RevalidatedFlow[] {
  const rows = db
    .select({ id: flows.id, name: flows.name, document: flows.document })
    .from(flows)
    .where(eq(flows.workspaceId, workspace.id))
    .all();
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
    db.update(flows)
      .set({ diagnostics, errorCount, warningCount: diagnostics.length - errorCount })
      .where(eq(flows.id, row.id))
      .run();
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
export function saveLegalSettings(
  db: Db,
  options: { workspace: WorkspaceRow; actorId: string; settings: LegalSettingsInput },
): { settings: LegalSettings; blockedFlows: RevalidatedFlow[] } {
  const settings = ZLegalSettings.parse(options.settings);
  const before = legalSettingsOf(options.workspace);
  return db.transaction((tx) => {
    tx.update(workspaces)
      .set({ ...settings, updatedAt: new Date() })
      .where(eq(workspaces.id, options.workspace.id))
      .run();
    recordAudit(tx, {
      workspaceId: options.workspace.id,
      actorId: options.actorId,
      action: "legal.update",
      targetType: "workspace",
      targetId: options.workspace.id,
      before,
      after: settings,
    });
    const updated = { ...options.workspace, ...settings };
    const revalidated = revalidateWorkspaceFlows(tx, updated);
    refreshLiveBlocked(tx, updated);
    return { settings, blockedFlows: revalidated.filter((f) => f.legalErrorCount > 0) };
  });
}
