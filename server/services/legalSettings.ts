import { isDeepStrictEqual } from "node:util";
import { and, eq, lte, ne, type SQL } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { flows, workspaces } from "@/db/schema";
import { WORKSPACE_RULE_IDS, type Diagnostic } from "@/core/compliance";
import { ZLegalSettings, type LegalSettings, type LegalSettingsInput } from "@/core/domain/legal";
import { onPostgres } from "@/db/dialect";
import { AppError } from "@/server/errors";
import { recordAudit } from "./audit";
import { checkDocument, findingsCheckedWith } from "./flows";
import { rulebookFingerprint } from "./rulebookFingerprint";
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
 * How often one flow is checked again when saves keep landing while it is re-checked. (Not the case of
 * writeWithCurrentLegalSettings: these settings are the newest, so a refused write means a newer draft,
 * read again here, or findings from newer settings, which stay.)
 */
const RECHECK_ATTEMPTS = 5;

/**
 * Runs the rulebook again on every flow of the workspace (archived ones too) with
 * its current legal settings and stores the new diagnostics and counts. Drafts and
 * their versions stay untouched: only the findings about them change. Returns
 * every flow with its error count and how many errors come from the legal rules.
 *
 * Each write is conditional on the draft version that was checked: a save that landed
 * in between (another instance) keeps its document, and that newer document is checked
 * again, so no flow is left with findings of a draft it no longer has.
 */
export async function revalidateWorkspaceFlows(db: DbOrTx, workspace: WorkspaceRow): Promise<RevalidatedFlow[]> {
  return (await checkStoredDrafts(db, workspace)).map(({ changed: _changed, ...flow }) => flow);
}

/**
 * Checks the workspace's drafts (those matching `which`) and stores their findings, with
 * what they were checked with. A write is conditional on the draft version checked and on
 * the draft's findings not coming from newer legal settings than `workspace`'s: the row
 * a start-up re-check read can be older than a legal-settings save on another instance.
 */
async function checkStoredDrafts(db: DbOrTx, workspace: WorkspaceRow, which?: SQL): Promise<(RevalidatedFlow & { changed: boolean })[]> {
  const columns = {
    id: flows.id,
    name: flows.name,
    document: flows.document,
    version: flows.version,
    diagnostics: flows.diagnostics,
    findingsLegalVersion: flows.findingsLegalVersion,
  };
  const rows = await db
    .select(columns)
    .from(flows)
    .where(and(eq(flows.workspaceId, workspace.id), which));
  const result: (RevalidatedFlow & { changed: boolean })[] = [];
  for (const first of rows) {
    let row: typeof first | undefined = first;
    for (let attempt = 1; row && row.findingsLegalVersion <= workspace.legalVersion && attempt <= RECHECK_ATTEMPTS; attempt++) {
      let diagnostics: Diagnostic[];
      try {
        diagnostics = checkDocument(JSON.parse(row.document), workspace).diagnostics;
      } catch {
        // A stored draft always parsed when it was saved; if a later format change
        // broke it, its old findings stay until someone opens and saves it.
        break;
      }
      const errors = diagnostics.filter((d) => d.severity === "error");
      const errorCount = errors.length;
      const stored = await db
        .update(flows)
        .set({ diagnostics, errorCount, warningCount: diagnostics.length - errorCount, ...findingsCheckedWith(workspace) })
        .where(and(eq(flows.id, row.id), eq(flows.version, row.version), lte(flows.findingsLegalVersion, workspace.legalVersion)))
        .returning({ id: flows.id });
      if (stored.length > 0) {
        const legalErrorCount = errors.filter((d) => WORKSPACE_RULE_IDS.includes(d.rule)).length;
        // Compared as stored (JSON drops undefined fields; PostgreSQL's jsonb reorders keys).
        const changed = !isDeepStrictEqual(JSON.parse(JSON.stringify(diagnostics)), row.diagnostics);
        result.push({ id: row.id, name: row.name, errorCount, legalErrorCount, changed });
        break;
      }
      // Saved meanwhile: check the draft as it is now (gone when the flow was deleted).
      [row] = await db.select(columns).from(flows).where(eq(flows.id, row.id)).limit(1);
    }
  }
  return result;
}

/**
 * Brings the stored findings of drafts judged by another rulebook (another release, or none
 * recorded) up to the one this release runs. The editor shows the stored findings when a flow
 * is opened instead of checking it again, so a release that judges a draft differently (a new
 * or changed rule) would otherwise show the old findings until the next edit. Run at start-up;
 * drafts whose findings carry this rulebook's fingerprint are not checked at all. Returns how
 * many drafts were checked and how many of them got other findings.
 */
export async function recheckStoredFindings(db: Db): Promise<{ checked: number; changed: number }> {
  const stale = ne(flows.findingsRulebook, rulebookFingerprint());
  const owners = await db.selectDistinct({ workspaceId: flows.workspaceId }).from(flows).where(stale);
  let checked = 0;
  let changed = 0;
  for (const { workspaceId } of owners) {
    const [workspace] = await db.select().from(workspaces).where(eq(workspaces.id, workspaceId)).limit(1);
    if (!workspace) continue;
    const rechecked = await checkStoredDrafts(db, workspace, stale);
    checked += rechecked.length;
    changed += rechecked.filter((flow) => flow.changed).length;
  }
  return { checked, changed };
}

/**
 * The same for one draft as it is opened, whose findings carry another rulebook's fingerprint:
 * while instances of two releases run side by side (a rolling deploy), one of the older release
 * may save a draft after this one started, with the older rulebook's findings. True when it
 * stored new findings.
 */
export async function recheckDraftOfOtherRulebook(db: Db, workspace: WorkspaceRow, flowId: string): Promise<boolean> {
  const stale = and(eq(flows.id, flowId), ne(flows.findingsRulebook, rulebookFingerprint()));
  return (await checkStoredDrafts(db, workspace, stale)).length > 0;
}

/** The workspace row, locked until the transaction ends on PostgreSQL (SQLite's single writer needs no lock). */
async function lockedWorkspace(tx: DbOrTx, workspaceId: string): Promise<WorkspaceRow | undefined> {
  const query = tx.select().from(workspaces).where(eq(workspaces.id, workspaceId));
  if (!onPostgres) return (await query.limit(1))[0];
  return (await (query as unknown as { for: (strength: "update") => Promise<WorkspaceRow[]> }).for("update"))[0];
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
  return transaction(db, async (tx) => {
    // What this save replaces, read under the row's lock: another admin's save that committed
    // since the request read the workspace is the "before", not the settings the request saw.
    const current = await lockedWorkspace(tx, options.workspace.id);
    if (!current) throw new AppError("NOT_FOUND", "Workspace not found.");
    const before = legalSettingsOf(current);
    // A new legal version: findings checked with the settings before it no longer overwrite the ones checked below.
    const legalVersion = current.legalVersion + 1;
    await tx
      .update(workspaces)
      .set({ ...settings, legalVersion, updatedAt: new Date() })
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
    const updated = { ...current, ...settings, legalVersion };
    const revalidated = await revalidateWorkspaceFlows(tx, updated);
    await refreshLiveBlocked(tx, updated);
    return { settings, blockedFlows: revalidated.filter((f) => f.legalErrorCount > 0) };
  });
}
