import { and, desc, eq, max, sql } from "drizzle-orm";
import { nanoid } from "nanoid";
import type { Db, DbOrTx } from "@/db/client";
import { preparedPerConnection } from "@/db/prepared";
import { flowVersions, flows, users, type workspaces } from "@/db/schema";
import { formatDiagnostic, hasErrors, WORKSPACE_RULE_IDS, type Diagnostic } from "@/core/compliance";
import { AppError } from "@/server/errors";
import { buildExport, canonicalJson, contentHashOf, sha256Hex, type FlowguardExport } from "@/core/export";
import { buildFlowGraph, type Channel, type FlowDocument } from "@/core/flow";
import { diffDocuments, type DocumentDiff } from "@/core/flow/diff";
import { recordAudit } from "./audit";
import {
  checkDocument,
  findingsCheckedWith,
  getFlow,
  sharedWorkspace,
  versionConflict,
  type DraftStamp,
  writeDraftIfUnchanged,
  writeWithCurrentLegalSettings,
} from "./flows";
import { workspaceLegal } from "./workspaces";
import { serialize, transaction } from "@/db/transaction";

type WorkspaceRow = typeof workspaces.$inferSelect;

/** A published version as lists show it. */
export type VersionSummary = {
  number: number;
  contentHash: string;
  createdAt: Date;
  authorName: string | null;
  errorCount: number;
  warningCount: number;
};

function summarize(row: {
  number: number;
  contentHash: string;
  createdAt: Date;
  authorName: string | null;
  report: Diagnostic[];
}): VersionSummary {
  const report = row.report;
  return {
    number: row.number,
    contentHash: row.contentHash,
    createdAt: row.createdAt,
    authorName: row.authorName,
    errorCount: report.filter((d) => d.severity === "error").length,
    warningCount: report.filter((d) => d.severity === "warning").length,
  };
}

function refuseErrors(diagnostics: Diagnostic[], what: string): void {
  if (!hasErrors(diagnostics)) return;
  const errors = diagnostics.filter((d) => d.severity === "error");
  throw new AppError("COMPLIANCE_ERRORS", `${what}: the flow has ${errors.length} compliance error(s).`, {
    params: { count: errors.length },
    details: { diagnostics },
  });
}

/**
 * Publishes the saved draft as a new immutable version. The draft is checked again
 * with the workspace's current legal settings; any error refuses the publish with
 * every diagnostic in `details.diagnostics`, and nothing is stored. Publishing a
 * draft identical to the latest version returns that version (a double click does
 * not create two).
 *
 * @param expectedVersion the draft version the editor shows; a newer save answers
 *   VERSION_CONFLICT so nobody publishes what they have not seen.
 */
export async function publishFlow(
  db: Db,
  options: { workspace: WorkspaceRow; userId: string; flowId: string; expectedVersion?: number },
): Promise<VersionSummary & { unchanged: boolean }> {
  const draft = await getFlow(db, { workspaceId: options.workspace.id, flowId: options.flowId });
  if (options.expectedVersion !== undefined && draft.version !== options.expectedVersion) {
    throw versionConflict(draft, `The draft was saved again in the meantime (version ${draft.version}).`);
  }
  const checked = checkDocument(draft.document, options.workspace);
  refuseErrors(checked.diagnostics, "Publish refused");
  const { document } = checked;
  const contentHash = contentHashOf(document);
  return transaction(db, async (tx) => {
    // Two publishes of one flow at once (two instances) take turns: each numbers its version after the other's.
    await serialize(tx, `publish:${options.flowId}`);
    // The legal settings as they are now, held until this publish commits: a legal-settings save at the same
    // moment either comes first (then the draft is checked again with what it saved) or waits and re-checks
    // this version. Otherwise a version the new settings block could be stored as served.
    const workspace = await sharedWorkspace(tx, options.workspace.id);
    let diagnostics = checked.diagnostics;
    if (canonicalJson(workspaceLegal(workspace)) !== canonicalJson(workspaceLegal(options.workspace))) {
      diagnostics = checkDocument(draft.document, workspace).diagnostics;
      refuseErrors(diagnostics, "Publish refused");
    }
    const [latest] = await tx
      .select({ number: flowVersions.number, contentHash: flowVersions.contentHash })
      .from(flowVersions)
      .where(eq(flowVersions.flowId, options.flowId))
      .orderBy(desc(flowVersions.number))
      .limit(1);
    if (latest && latest.contentHash === contentHash) {
      return { ...(await versionSummary(tx, options.flowId, latest.number)), unchanged: true };
    }
    const number = (latest?.number ?? 0) + 1;
    await tx.insert(flowVersions).values({
      id: nanoid(),
      flowId: options.flowId,
      number,
      document: canonicalJson(document),
      report: diagnostics,
      contentHash,
      authorId: options.userId,
    });
    await recordAudit(tx, {
      workspaceId: options.workspace.id,
      actorId: options.userId,
      action: "flow.publish",
      targetType: "flow",
      targetId: options.flowId,
      after: { version: number, contentHash, warnings: diagnostics.length },
    });
    // The new version passed every check with the current legal settings: it is served.
    await tx.update(flows).set({ liveBlockedBy: null }).where(eq(flows.id, options.flowId));
    return { ...(await versionSummary(tx, options.flowId, number)), unchanged: false };
  });
}

function versionRows(db: DbOrTx, flowId: string, number?: number) {
  return db
    .select({
      number: flowVersions.number,
      contentHash: flowVersions.contentHash,
      createdAt: flowVersions.createdAt,
      authorName: users.name,
      report: flowVersions.report,
    })
    .from(flowVersions)
    .leftJoin(users, eq(users.id, flowVersions.authorId))
    .where(number === undefined ? eq(flowVersions.flowId, flowId) : and(eq(flowVersions.flowId, flowId), eq(flowVersions.number, number)));
}

async function versionSummary(db: DbOrTx, flowId: string, number: number): Promise<VersionSummary> {
  const [row] = await versionRows(db, flowId, number).limit(1);
  if (!row) throw new AppError("NOT_FOUND", "Version not found.");
  return summarize(row);
}

/** The flow's published versions, newest first (empty when never published). */
export async function listVersions(db: Db, options: { workspaceId: string; flowId: string }): Promise<VersionSummary[]> {
  await getFlow(db, { workspaceId: options.workspaceId, flowId: options.flowId });
  return (await versionRows(db, options.flowId).orderBy(desc(flowVersions.number))).map(summarize);
}

export type StoredVersion = VersionSummary & { document: FlowDocument; report: Diagnostic[] };

/** The version an export request means: the given number, else the newest published one, of a flow of this workspace. */
/** The reads of every export request (the ETag first), prepared once per connection. */
const exportStatements = preparedPerConnection((db, statement) => ({
  flowInWorkspace: statement(
    db
      .select({ id: flows.id })
      .from(flows)
      .where(and(eq(flows.id, sql.placeholder("flowId")), eq(flows.workspaceId, sql.placeholder("workspaceId")))),
  ),
  latestNumber: statement(
    db
      .select({ n: max(flowVersions.number) })
      .from(flowVersions)
      .where(eq(flowVersions.flowId, sql.placeholder("flowId"))),
  ),
  contentHash: statement(
    db
      .select({ contentHash: flowVersions.contentHash })
      .from(flowVersions)
      .where(and(eq(flowVersions.flowId, sql.placeholder("flowId")), eq(flowVersions.number, sql.placeholder("number")))),
  ),
}));

async function publishedNumber(db: Db, workspaceId: string, flowId: string, requested: number | undefined): Promise<number> {
  const statements = exportStatements(db);
  if (!(await statements.flowInWorkspace.first({ flowId, workspaceId }))) throw new AppError("NOT_FOUND", "Flow not found.");
  const number = requested ?? (await statements.latestNumber.first({ flowId }))?.n ?? null;
  if (number === null) throw new AppError("NOT_PUBLISHED", "This flow has not been published yet.");
  return number;
}

/**
 * One published version (the latest when `number` is not given) of a flow in the
 * workspace. A flow of another workspace answers NOT_FOUND, as an unknown one does;
 * a flow never published answers NOT_PUBLISHED.
 */
export async function getVersion(db: Db, options: { workspaceId: string; flowId: string; number?: number }): Promise<StoredVersion> {
  const number = await publishedNumber(db, options.workspaceId, options.flowId, options.number);
  const [row] = await db
    .select({ document: flowVersions.document, report: flowVersions.report })
    .from(flowVersions)
    .where(and(eq(flowVersions.flowId, options.flowId), eq(flowVersions.number, number)))
    .limit(1);
  if (!row) throw new AppError("NOT_FOUND", `Version ${number} not found.`);
  return {
    ...(await versionSummary(db, options.flowId, number)),
    document: JSON.parse(row.document) as FlowDocument,
    report: row.report,
  };
}

/**
 * What changed between two versions, or between a version and the current draft
 * (`to: "draft"`): steps added and removed, texts changed, settings changed.
 */
export async function diffVersions(
  db: Db,
  options: { workspaceId: string; flowId: string; from: number; to: number | "draft" },
): Promise<DocumentDiff> {
  const before = (await getVersion(db, { workspaceId: options.workspaceId, flowId: options.flowId, number: options.from })).document;
  const after =
    options.to === "draft"
      ? (await getFlow(db, { workspaceId: options.workspaceId, flowId: options.flowId })).document
      : (await getVersion(db, { workspaceId: options.workspaceId, flowId: options.flowId, number: options.to })).document;
  return diffDocuments(before, after);
}

/**
 * Copies a published version into the draft (keeping the flow's id and current
 * name) and bumps the draft version, so open editors see a conflict rather than
 * silently overwriting it. The version itself stays as it was.
 *
 * @param expectedVersion the draft version the editor shows, as for a save: a restore
 *   replaces the whole draft, so there is nothing to merge, and a draft saved since (by
 *   anyone, on any instance, also between this call's read and its write) is work the
 *   restorer has not seen. It answers VERSION_CONFLICT, as a save does, and the newer draft
 *   stays; restoring again from an editor showing it then replaces it knowingly. Legal-settings
 *   saves in between are met as a save meets them (writeWithCurrentLegalSettings).
 */
export async function restoreVersion(
  db: Db,
  options: { workspace: WorkspaceRow; userId: string; flowId: string; number: number; expectedVersion: number },
): Promise<{ version: number; document: FlowDocument; diagnostics: Diagnostic[] }> {
  const stored = await getVersion(db, { workspaceId: options.workspace.id, flowId: options.flowId, number: options.number });
  const current = await getFlow(db, { workspaceId: options.workspace.id, flowId: options.flowId });
  const conflict = (draft: DraftStamp) =>
    versionConflict(
      draft,
      `The draft was saved by someone else (now version ${draft.version}); version ${options.number} was not restored.`,
    );
  if (current.version !== options.expectedVersion) throw conflict(current);
  return writeWithCurrentLegalSettings(db, {
    workspace: options.workspace,
    expectedVersion: options.expectedVersion,
    notWritten: `Version ${options.number} was not restored`,
    draftNow: () => getFlow(db, { workspaceId: options.workspace.id, flowId: options.flowId }),
    conflict,
    write: async (workspace) => {
      const { document, diagnostics } = checkDocument({ ...stored.document, id: options.flowId, name: current.name }, workspace);
      const errorCount = diagnostics.filter((d) => d.severity === "error").length;
      const restored = await transaction(db, async (tx) => {
        return writeDraftIfUnchanged(
          tx,
          { workspaceId: options.workspace.id, flowId: options.flowId, userId: options.userId, readVersion: options.expectedVersion },
          {
            document: JSON.stringify(document),
            diagnostics,
            errorCount,
            warningCount: diagnostics.length - errorCount,
            ...findingsCheckedWith(workspace),
          },
          { action: "flow.restoreVersion", before: { draftVersion: options.expectedVersion }, after: { restoredVersion: options.number } },
        );
      });
      return restored ? { version: options.expectedVersion + 1, document, diagnostics } : null;
    },
  });
}

/**
 * A published version passed every check when it was published; findings now mean
 * the workspace's legal settings changed since. The bot gets a code of its own and
 * a message saying who can fix it, distinct from a refused publish.
 */
function refuseBlockedVersion(diagnostics: Diagnostic[], number: number): void {
  const errors = diagnostics.filter((d) => d.severity === "error");
  if (errors.length === 0) return;
  const legal = errors.some((d) => WORKSPACE_RULE_IDS.includes(d.rule));
  // The bot API speaks English, like its other error messages.
  const findings = [...new Set(errors.map((d) => formatDiagnostic(d, "en")))].join(" ");
  throw new AppError(
    "LIVE_VERSION_BLOCKED",
    `Version ${number} of this flow is published but not served: ${findings} ` +
      (legal
        ? "A workspace admin must complete the legal settings in Flowguard (Settings → Legal); the flow need not be published again."
        : "Publish the flow again after fixing its findings in the editor."),
    { params: { count: errors.length, version: number }, details: { diagnostics } },
  );
}

export type VersionExport = { export: FlowguardExport; etag: string; number: number };

/**
 * The export of a published version for a channel (null: channel-neutral), built
 * with the workspace's current legal settings, which are checked again: legal
 * links that became invalid since publishing refuse the export (COMPLIANCE_ERRORS).
 *
 * The ETag is the version's content hash and the channel, plus a short hash of the
 * legal settings, because changed links change the export without a new version.
 */
export async function exportVersion(
  db: Db,
  options: { workspace: WorkspaceRow; flowId: string; channel: Channel | null; number?: number },
): Promise<VersionExport> {
  const version = await getVersion(db, { workspaceId: options.workspace.id, flowId: options.flowId, number: options.number });
  const { document, diagnostics } = checkDocument(version.document, options.workspace);
  refuseBlockedVersion(diagnostics, version.number);
  const legal = workspaceLegal(options.workspace);
  const exported = buildExport(document, {
    legal,
    channel: options.channel,
    version: version.number,
    contentHash: version.contentHash,
    publishedAt: version.createdAt.toISOString(),
    diagnostics,
    graph: buildFlowGraph(document),
  });
  const legalHash = sha256Hex(canonicalJson(legal)).slice(0, 12);
  return { export: exported, etag: `"${version.contentHash}-${options.channel ?? "canonical"}-${legalHash}"`, number: version.number };
}

/**
 * The ETag `exportVersion` would give, from two small reads (no document parsed, no
 * check run, no export built), so an unchanged export answers 304 cheaply. The same
 * content hash, channel and legal settings always give the same export.
 */
export async function exportEtag(
  db: Db,
  options: { workspace: WorkspaceRow; flowId: string; channel: Channel | null; number?: number },
): Promise<{ etag: string; number: number }> {
  const number = await publishedNumber(db, options.workspace.id, options.flowId, options.number);
  const row = await exportStatements(db).contentHash.first({ flowId: options.flowId, number });
  if (!row) throw new AppError("NOT_FOUND", `Version ${number} not found.`);
  return { etag: `"${row.contentHash}-${options.channel ?? "canonical"}-${legalHashOf(options.workspace)}"`, number };
}

/**
 * The short hash of a workspace's legal settings in its ETags, kept by the settings' JSON
 * (the canonical form and its hash cost more than the rest of a 304; issue 13). A key is the
 * settings themselves, so a changed setting is a new key, never a stale hash.
 */
const legalHashes = new Map<string, string>();
const LEGAL_HASHES_KEPT = 200;

function legalHashOf(workspace: WorkspaceRow): string {
  const legal = workspaceLegal(workspace);
  const key = JSON.stringify(legal);
  let hash = legalHashes.get(key);
  if (hash === undefined) {
    hash = sha256Hex(canonicalJson(legal)).slice(0, 12);
    if (legalHashes.size >= LEGAL_HASHES_KEPT) legalHashes.delete(legalHashes.keys().next().value!);
    legalHashes.set(key, hash);
  }
  return hash;
}

/** The export as the editor downloads it; the download is recorded in the audit log. */
export async function downloadExport(
  db: Db,
  options: { workspace: WorkspaceRow; userId: string; flowId: string; channel: Channel | null; number?: number },
): Promise<VersionExport> {
  const result = await exportVersion(db, options);
  await recordAudit(db, {
    workspaceId: options.workspace.id,
    actorId: options.userId,
    action: "flow.export",
    targetType: "flow",
    targetId: options.flowId,
    after: { version: result.number, channel: options.channel ?? "canonical" },
  });
  return result;
}
