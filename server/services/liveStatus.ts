import { and, eq, isNotNull, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { flowVersions, flows, workspaces } from "@/db/schema";
import type { LegalSettings } from "@/core/domain/legal";
import { formatDiagnostic, type Diagnostic } from "@/core/compliance";
import { checkDocument } from "./flows";
import { transaction } from "@/db/transaction";

type WorkspaceRow = typeof workspaces.$inferSelect;

/** Why a published flow is not served: the findings its live version has with the current legal settings. */
export type LiveBlockReason = { rule: string; message: string };

/** A published flow whose live version the bot API refuses to hand out. */
export type BlockedLiveFlow = { id: string; name: string; publishedVersion: number; reasons: LiveBlockReason[]; findings: Diagnostic[] };

/** One finding per rule and wording: the same missing link found on several steps is one reason. */
function uniqueErrors(diagnostics: Diagnostic[]): Diagnostic[] {
  const errors = diagnostics.filter((d) => d.severity === "error");
  return [...new Map(errors.map((d) => [`${d.rule}:${JSON.stringify(d.params ?? {})}`, d])).values()];
}

/**
 * The published flows whose live version would not be served with these legal
 * settings (the workspace's own when none are given), validating each live version.
 * A version passed every check when it was published, so what blocks it now is what
 * changed since: the legal settings the export is built with. This is the slow path
 * (one validation per live flow): lists read the stored state instead.
 */
export async function blockedLiveFlows(
  db: DbOrTx,
  workspace: WorkspaceRow,
  settings?: LegalSettings,
  flowId?: string,
): Promise<BlockedLiveFlow[]> {
  const effective: WorkspaceRow = settings ? { ...workspace, ...settings } : workspace;
  // Each flow's newest version, the one the bot API hands out by default.
  const rows = await db
    .select({ id: flows.id, name: flows.name, number: flowVersions.number, document: flowVersions.document })
    .from(flowVersions)
    .innerJoin(flows, eq(flows.id, flowVersions.flowId))
    .where(
      and(
        eq(flows.workspaceId, workspace.id),
        flowId === undefined ? undefined : eq(flows.id, flowId),
        sql`${flowVersions.number} = (select max(v.number) from flow_versions v where v.flow_id = ${flowVersions.flowId})`,
      ),
    );
  const blocked: BlockedLiveFlow[] = [];
  for (const row of rows) {
    let findings: Diagnostic[];
    let locale: "de" | "en";
    try {
      const document = JSON.parse(row.document);
      locale = document?.locale === "en" ? "en" : "de";
      findings = uniqueErrors(checkDocument(document, effective).diagnostics);
    } catch {
      continue; // a stored version that no longer parses is reported by the export itself
    }
    if (findings.length === 0) continue;
    const reasons = [...new Map(findings.map((d) => [formatDiagnostic(d, locale), d.rule])).entries()].map(([message, rule]) => ({
      rule,
      message,
    }));
    blocked.push({ id: row.id, name: row.name, publishedVersion: row.number, reasons, findings });
  }
  return blocked.sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Stores the live-blocked state of the workspace's flows (or of one flow) as it is
 * with the workspace's current legal settings. Runs inside the transaction that
 * changes what it depends on: the legal settings or a flow's published version.
 */
export async function refreshLiveBlocked(db: DbOrTx, workspace: WorkspaceRow, flowId?: string): Promise<void> {
  const blocked = new Map((await blockedLiveFlows(db, workspace, undefined, flowId)).map((f) => [f.id, f.findings]));
  const scope = flowId === undefined ? eq(flows.workspaceId, workspace.id) : and(eq(flows.workspaceId, workspace.id), eq(flows.id, flowId));
  // Clear what is no longer blocked, then mark what is.
  await db
    .update(flows)
    .set({ liveBlockedBy: null })
    .where(and(scope, isNotNull(flows.liveBlockedBy)));
  for (const [id, findings] of blocked) {
    await db.update(flows).set({ liveBlockedBy: findings }).where(eq(flows.id, id));
  }
}

/**
 * Recomputes the stored state for every workspace. Run at start-up: versions
 * published before the state was stored, or judged by an older rulebook, get
 * their current state once instead of on every list.
 */
export async function refreshAllLiveBlocked(db: Db): Promise<void> {
  const all = await db.select().from(workspaces);
  await transaction(db, async (tx) => {
    for (const workspace of all) await refreshLiveBlocked(tx, workspace);
  });
}

/** The stored reasons why the flows of a workspace are live but not served, by flow id. */
export async function storedLiveBlocked(db: DbOrTx, workspaceId: string): Promise<Map<string, Diagnostic[]>> {
  const rows = await db
    .select({ id: flows.id, liveBlockedBy: flows.liveBlockedBy })
    .from(flows)
    .where(and(eq(flows.workspaceId, workspaceId), isNotNull(flows.liveBlockedBy)));
  return new Map(rows.map((r) => [r.id, r.liveBlockedBy ?? []]));
}

/** The live flows that are served now but would stop being served with `settings`. */
export async function liveFlowsStoppedBy(db: Db, workspace: WorkspaceRow, settings: LegalSettings): Promise<BlockedLiveFlow[]> {
  const now = await storedLiveBlocked(db, workspace.id);
  return (await blockedLiveFlows(db, workspace, settings)).filter((f) => !now.has(f.id));
}
