import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { flowVersions, flows, type workspaces } from "@/db/schema";
import type { LegalSettings } from "@/core/domain/legal";
import { formatDiagnostic } from "@/core/compliance";
import { checkDocument } from "./flows";

type WorkspaceRow = typeof workspaces.$inferSelect;

/** Why a published flow is not served: the findings its live version has with the current legal settings. */
export type LiveBlockReason = { rule: string; message: string };

/** A published flow whose live version the bot API refuses to hand out. */
export type BlockedLiveFlow = { id: string; name: string; publishedVersion: number; reasons: LiveBlockReason[] };

/**
 * The published flows whose live version would not be served with these legal
 * settings (the workspace's own when none are given). A version passed every
 * check when it was published, so what blocks it now is what changed since: the
 * legal settings the export is built with.
 */
export function blockedLiveFlows(
  db: Db,
  workspace: WorkspaceRow,
  settings?: LegalSettings,
  /** Only this flow (the editor opens one; checking every live flow for it is wasted work). */
  flowId?: string,
): BlockedLiveFlow[] {
  const effective: WorkspaceRow = settings ? { ...workspace, ...settings } : workspace;
  // Each flow's newest version, the one the bot API hands out by default.
  const rows = db
    .select({ id: flows.id, name: flows.name, number: flowVersions.number, document: flowVersions.document })
    .from(flowVersions)
    .innerJoin(flows, eq(flows.id, flowVersions.flowId))
    .where(
      and(
        eq(flows.workspaceId, workspace.id),
        flowId === undefined ? undefined : eq(flows.id, flowId),
        sql`${flowVersions.number} = (select max(v.number) from flow_versions v where v.flow_id = ${flowVersions.flowId})`,
      ),
    )
    .all();
  const blocked: BlockedLiveFlow[] = [];
  for (const row of rows) {
    let reasons: LiveBlockReason[];
    try {
      const document = JSON.parse(row.document);
      const locale = document?.locale === "en" ? "en" : "de";
      reasons = checkDocument(document, effective)
        .diagnostics.filter((d) => d.severity === "error")
        .map((d) => ({ rule: d.rule, message: formatDiagnostic(d, locale) }));
    } catch {
      continue; // a stored version that no longer parses is reported by the export itself
    }
    const unique = [...new Map(reasons.map((r) => [r.message, r])).values()];
    if (unique.length > 0) blocked.push({ id: row.id, name: row.name, publishedVersion: row.number, reasons: unique });
  }
  return blocked.sort((a, b) => a.name.localeCompare(b.name));
}

/** The live flows that are served now but would stop being served with `settings`. */
export function liveFlowsStoppedBy(db: Db, workspace: WorkspaceRow, settings: LegalSettings): BlockedLiveFlow[] {
  const now = new Set(blockedLiveFlows(db, workspace).map((f) => f.id));
  return blockedLiveFlows(db, workspace, settings).filter((f) => !now.has(f.id));
}
