import { and, desc, eq, isNull, isNotNull, sql } from "drizzle-orm";
import { nanoid } from "nanoid";
import type { Db, DbOrTx } from "@/db/client";
import { preparedPerConnection } from "@/db/prepared";
import { onPostgres } from "@/db/dialect";
import { alias, flowVersions, flows, users, type workspaces } from "@/db/schema";
import { metrics, recordValidation } from "@/server/ops/metrics";
import { autofix, validate, type AutofixResult, type Diagnostic } from "@/core/compliance";
import { AppError } from "@/server/errors";
import { createFlowFromTemplate, parseFlowDocument, templateCrmOf, type FlowDocument, type Locale, type TemplateId } from "@/core/flow";
import { MAX_DOCUMENT_BYTES, findUntrustedProblem, vettedSize } from "@/core/domain/untrusted";
import { recordAudit } from "./audit";
import { workspaceLegal } from "./workspaces";
import { transaction } from "@/db/transaction";

type WorkspaceRow = typeof workspaces.$inferSelect;

export type FlowSummary = {
  id: string;
  name: string;
  version: number;
  errorCount: number;
  warningCount: number;
  archived: boolean;
  updatedAt: Date;
  updatedByName: string | null;
  /** Number of the newest published version; null while nothing is live. */
  publishedVersion: number | null;
  /** "Live, but blocked": the errors for which the bot API refuses the live version (stored, not re-checked here). */
  liveBlockedBy: Diagnostic[] | null;
};

export type FlowDetail = FlowSummary & { document: FlowDocument; diagnostics: Diagnostic[] };

export type CheckedDocument = { document: FlowDocument; diagnostics: Diagnostic[] };

/**
 * Parses an untrusted document and runs the rulebook with the workspace's legal
 * settings. A document that does not parse is refused with every schema error
 * (each naming the step and field) in `details`.
 */
export function checkDocument(raw: unknown, workspace: WorkspaceRow, locale?: Locale): CheckedDocument {
  // The size limit applies to objects as well as to JSON text: callers hand over parsed values.
  // A document that came over HTTP was walked once as it was read (`vetInput`); its size is known.
  const size = vettedSize(raw);
  const problem =
    size === undefined
      ? findUntrustedProblem(raw, { maxBytes: MAX_DOCUMENT_BYTES, at: "document" })
      : size > MAX_DOCUMENT_BYTES
        ? { reason: "tooLarge" as const, path: "document", message: "" }
        : null;
  if (problem?.reason === "tooLarge") {
    throw new AppError("PAYLOAD_TOO_LARGE", `The flow is too large: at most ${MAX_DOCUMENT_BYTES} bytes are allowed.`, {
      field: "document",
      params: { max: MAX_DOCUMENT_BYTES },
    });
  }
  if (problem) throw new AppError("INVALID_DOCUMENT", problem.message, { field: problem.path, details: { errors: [problem] } });
  const parsed = parseFlowDocument(raw, { locale });
  if (!parsed.ok) {
    const first = parsed.errors[0];
    throw new AppError("INVALID_DOCUMENT", first ? first.message : "Invalid flow document.", {
      details: { errors: parsed.errors },
      params: { count: parsed.errors.length },
    });
  }
  const diagnostics = validate(parsed.document, workspaceLegal(workspace), { graph: parsed.graph });
  recordValidation(diagnostics);
  return { document: parsed.document, diagnostics };
}

function countBySeverity(diagnostics: Diagnostic[]) {
  let errorCount = 0;
  let warningCount = 0;
  for (const d of diagnostics) {
    if (d.severity === "error") errorCount++;
    else warningCount++;
  }
  return { errorCount, warningCount };
}

const editor = alias(users, "editor");

function summaryColumns() {
  return {
    id: flows.id,
    name: flows.name,
    version: flows.version,
    errorCount: flows.errorCount,
    warningCount: flows.warningCount,
    archivedAt: flows.archivedAt,
    updatedAt: flows.updatedAt,
    updatedByName: editor.name,
    liveBlockedBy: flows.liveBlockedBy,
    publishedVersion: sql<
      number | null
    >`(select max(${flowVersions.number}) from ${flowVersions} where ${flowVersions.flowId} = ${flows.id})`,
  };
}

function toSummary(row: { archivedAt: Date | null } & Omit<FlowSummary, "archived">): FlowSummary {
  const { archivedAt, ...rest } = row;
  return { ...rest, archived: archivedAt !== null };
}

/** The workspace's flows, most recently edited first. */
export async function listFlows(db: Db, options: { workspaceId: string; archived?: boolean }): Promise<FlowSummary[]> {
  return (
    await db
      .select(summaryColumns())
      .from(flows)
      .leftJoin(editor, eq(editor.id, flows.updatedBy))
      .where(and(eq(flows.workspaceId, options.workspaceId), options.archived ? isNotNull(flows.archivedAt) : isNull(flows.archivedAt)))
      .orderBy(desc(flows.updatedAt))
  ).map(toSummary);
}

async function findFlowRow(db: DbOrTx, workspaceId: string, flowId: string) {
  const [row] = await db
    .select({ ...summaryColumns(), document: flows.document, diagnostics: flows.diagnostics })
    .from(flows)
    .leftJoin(editor, eq(editor.id, flows.updatedBy))
    .where(and(eq(flows.workspaceId, workspaceId), eq(flows.id, flowId)))
    .limit(1);
  if (!row) throw new AppError("NOT_FOUND", "Flow not found.");
  return row;
}

/** One flow with its draft document and the diagnostics stored with it. */
export async function getFlow(db: Db, options: { workspaceId: string; flowId: string }): Promise<FlowDetail> {
  const row = await findFlowRow(db, options.workspaceId, options.flowId);
  const { document, diagnostics, ...summary } = row;
  return { ...toSummary(summary), document: JSON.parse(document) as FlowDocument, diagnostics };
}

async function insertFlow(db: Db, workspace: WorkspaceRow, userId: string, checked: CheckedDocument, action: string): Promise<FlowDetail> {
  const now = new Date();
  await transaction(db, async (tx) => {
    await tx.insert(flows).values({
      id: checked.document.id,
      workspaceId: workspace.id,
      name: checked.document.name,
      document: JSON.stringify(checked.document),
      version: 1,
      diagnostics: checked.diagnostics,
      ...countBySeverity(checked.diagnostics),
      createdBy: userId,
      updatedBy: userId,
      updatedAt: now,
    });
    await recordAudit(tx, {
      workspaceId: workspace.id,
      actorId: userId,
      action,
      targetType: "flow",
      targetId: checked.document.id,
      after: { name: checked.document.name },
    });
  });
  return getFlow(db, { workspaceId: workspace.id, flowId: checked.document.id });
}

/**
 * A new flow from a template, already holding the compliance steps. Its texts name the
 * controller as `{company}`, filled in at export: a name written in now would stop
 * matching once the legal settings name another controller. Its webhooks post to the
 * workspace's first declared processor, which its consent names as the recipient.
 */
export async function createFlow(
  db: Db,
  options: { workspace: WorkspaceRow; userId: string; templateId: TemplateId; name: string; locale: Locale },
): Promise<FlowDetail> {
  const document = createFlowFromTemplate(options.templateId, {
    id: nanoid(),
    name: options.name,
    locale: options.locale,
    crm: templateCrmOf(workspaceLegal(options.workspace)),
  });
  return insertFlow(db, options.workspace, options.userId, checkDocument(document, options.workspace), "flow.create");
}

/**
 * Stores a new draft if nobody saved since `expectedVersion`. A stale version
 * answers VERSION_CONFLICT (with the current version) and changes nothing; an
 * invalid document is refused before anything is written.
 */
export async function saveFlow(
  db: Db,
  options: { workspace: WorkspaceRow; userId: string; flowId: string; expectedVersion: number; document: unknown; locale?: Locale },
): Promise<{ version: number; diagnostics: Diagnostic[]; errorCount: number; warningCount: number; updatedAt: Date }> {
  const checked = checkDocument(options.document, options.workspace, options.locale);
  if (checked.document.id !== options.flowId) {
    throw new AppError("INVALID_DOCUMENT", `The document's id "${checked.document.id}" does not match this flow.`, {
      field: "document.id",
    });
  }
  const counts = countBySeverity(checked.diagnostics);
  const updatedAt = new Date();
  const saved = {
    name: checked.document.name,
    document: JSON.stringify(checked.document),
    diagnostics: checked.diagnostics,
    errorCount: counts.errorCount,
    warningCount: counts.warningCount,
    updatedBy: options.userId,
    updatedAt,
  };
  const changes = await storeDraft(db, options.workspace.id, options.flowId, options.expectedVersion, saved);
  if (changes === 0) {
    const current = await findFlowRow(db, options.workspace.id, options.flowId);
    throw new AppError("VERSION_CONFLICT", `This flow was saved by someone else (version ${current.version}).`, {
      params: { version: current.version },
      details: { currentVersion: current.version, updatedByName: current.updatedByName, updatedAt: current.updatedAt },
    });
  }
  metrics().saves.inc();
  return { version: options.expectedVersion + 1, diagnostics: checked.diagnostics, ...counts, updatedAt };
}

type DraftColumns = {
  name: string;
  document: string;
  diagnostics: Diagnostic[];
  errorCount: number;
  warningCount: number;
  updatedBy: string;
  updatedAt: Date;
};

/**
 * Writes the draft if its version is still `expectedVersion` (one conditional UPDATE: of
 * two saves with the same expected version, on any instance, exactly one changes the row);
 * the number of rows changed (0 or 1).
 */
async function storeDraft(db: Db, workspaceId: string, flowId: string, expectedVersion: number, draft: DraftColumns): Promise<number> {
  if (!onPostgres) {
    return saveStatements(db).save.run({
      ...draft,
      diagnostics: JSON.stringify(draft.diagnostics),
      updatedAt: draft.updatedAt.getTime(),
      workspaceId,
      flowId,
      expectedVersion,
    }).changes;
  }
  const changed = await db
    .update(flows)
    .set({ ...draft, version: sql`${flows.version} + 1` })
    .where(and(eq(flows.workspaceId, workspaceId), eq(flows.id, flowId), eq(flows.version, expectedVersion)))
    .returning({ id: flows.id });
  return changed.length;
}

/*
 * SQLite: the autosave's write, prepared once per connection (building it with the query builder
 * on every save cost about as much as running it). The columns as db/schema.ts stores
 * them: diagnostics as JSON text, updated_at in milliseconds.
 */
const saveStatements = preparedPerConnection((db) => ({
  save: db.$client.prepare<{
    name: string;
    document: string;
    diagnostics: string;
    errorCount: number;
    warningCount: number;
    updatedBy: string | null;
    updatedAt: number;
    workspaceId: string;
    flowId: string;
    expectedVersion: number;
  }>(
    `UPDATE flows SET name = @name, document = @document, diagnostics = @diagnostics, error_count = @errorCount,
       warning_count = @warningCount, version = version + 1, updated_by = @updatedBy, updated_at = @updatedAt
     WHERE workspace_id = @workspaceId AND id = @flowId AND version = @expectedVersion`,
  ),
}));

/** How often a rename reads the flow again after a save landed between its read and its write. */
const RENAME_ATTEMPTS = 5;

/**
 * Writes `set` onto a draft and bumps its version only while the draft is still at
 * `readVersion`, and then records the audit entry; false when a save landed in between
 * (the caller decides: read again and retry, or answer a conflict).
 */
export async function writeDraftIfUnchanged(
  tx: DbOrTx,
  target: { workspaceId: string; flowId: string; userId: string; readVersion: number },
  set: Partial<typeof flows.$inferInsert>,
  audit: { action: string; before: Record<string, unknown>; after: Record<string, unknown> },
): Promise<boolean> {
  const changed = await tx
    .update(flows)
    .set({ ...set, version: sql`${flows.version} + 1`, updatedBy: target.userId, updatedAt: new Date() })
    .where(and(eq(flows.id, target.flowId), eq(flows.workspaceId, target.workspaceId), eq(flows.version, target.readVersion)))
    .returning({ id: flows.id });
  if (changed.length === 0) return false;
  await recordAudit(tx, { workspaceId: target.workspaceId, actorId: target.userId, targetType: "flow", targetId: target.flowId, ...audit });
  return true;
}

/**
 * Renames a flow (the name lives in the document too) and bumps its version. A rename
 * means the name only: it is written onto the draft as it is at that moment, with one
 * conditional UPDATE on the version it read, and when a save landed in between (another
 * instance), it reads the newer draft and renames that, so the save is kept.
 */
export async function renameFlow(
  db: Db,
  options: { workspace: WorkspaceRow; userId: string; flowId: string; name: string },
): Promise<FlowDetail> {
  for (let attempt = 1; ; attempt++) {
    const renamed = await transaction(db, async (tx) => {
      const current = await findFlowRow(tx, options.workspace.id, options.flowId);
      const document = { ...(JSON.parse(current.document) as FlowDocument), name: options.name };
      return writeDraftIfUnchanged(
        tx,
        { workspaceId: options.workspace.id, flowId: options.flowId, userId: options.userId, readVersion: current.version },
        { name: options.name, document: JSON.stringify(document) },
        { action: "flow.rename", before: { name: current.name }, after: { name: options.name } },
      );
    });
    if (renamed) return getFlow(db, { workspaceId: options.workspace.id, flowId: options.flowId });
    if (attempt >= RENAME_ATTEMPTS) {
      const current = await findFlowRow(db, options.workspace.id, options.flowId);
      throw new AppError(
        "VERSION_CONFLICT",
        `This flow is being saved continuously (version ${current.version}); please rename it again.`,
        {
          params: { version: current.version },
          details: { currentVersion: current.version, updatedByName: current.updatedByName, updatedAt: current.updatedAt },
        },
      );
    }
  }
}

/** A copy of the draft under a new id and name. */
export async function duplicateFlow(
  db: Db,
  options: { workspace: WorkspaceRow; userId: string; flowId: string; name: string },
): Promise<FlowDetail> {
  const source = await getFlow(db, { workspaceId: options.workspace.id, flowId: options.flowId });
  const copy = { ...source.document, id: nanoid(), name: options.name };
  return insertFlow(db, options.workspace, options.userId, checkDocument(copy, options.workspace), "flow.duplicate");
}

/**
 * Archives (hides) or restores a flow; archived flows keep their data. Only the call
 * that changes the state records it: archiving an archived flow (two clicks, two
 * instances at once) answers the same and writes nothing.
 */
export async function setFlowArchived(
  db: Db,
  options: { workspace: WorkspaceRow; userId: string; flowId: string; archived: boolean },
): Promise<FlowSummary> {
  await findFlowRow(db, options.workspace.id, options.flowId);
  await transaction(db, async (tx) => {
    const changed = await tx
      .update(flows)
      .set({ archivedAt: options.archived ? new Date() : null })
      .where(
        and(
          eq(flows.id, options.flowId),
          eq(flows.workspaceId, options.workspace.id),
          options.archived ? isNull(flows.archivedAt) : isNotNull(flows.archivedAt),
        ),
      )
      .returning({ id: flows.id });
    if (changed.length === 0) return;
    await recordAudit(tx, {
      workspaceId: options.workspace.id,
      actorId: options.userId,
      action: options.archived ? "flow.archive" : "flow.restore",
      targetType: "flow",
      targetId: options.flowId,
    });
  });
  const { document: _document, diagnostics: _diagnostics, ...summary } = await findFlowRow(db, options.workspace.id, options.flowId);
  return toSummary(summary);
}

/** Runs autofix on an unsaved document and checks the result; stores nothing. */
export function autofixDocument(
  raw: unknown,
  workspace: WorkspaceRow,
): CheckedDocument & Pick<AutofixResult, "inserted" | "moved" | "removed"> {
  const { document } = checkDocument(raw, workspace);
  // Inserted texts name the company; before the legal settings are filled in, the workspace name stands in.
  const fixed = autofix(document, { legal: workspaceLegal(workspace), company: workspace.name });
  return { ...checkDocument(fixed.document, workspace), inserted: fixed.inserted, moved: fixed.moved, removed: fixed.removed };
}
