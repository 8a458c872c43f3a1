import { and, desc, eq, isNull, isNotNull, lte, sql } from "drizzle-orm";
import { nanoid } from "nanoid";
import type { Db, DbOrTx } from "@/db/client";
import { preparedPerConnection } from "@/db/prepared";
import { onPostgres } from "@/db/dialect";
import { alias, flowVersions, flows, users, workspaces } from "@/db/schema";
import { metrics, recordValidation } from "@/server/ops/metrics";
import { autofix, validate, type AutofixResult, type Diagnostic } from "@/core/compliance";
import { AppError } from "@/server/errors";
import { createFlowFromTemplate, parseFlowDocument, templateCrmOf, type FlowDocument, type Locale, type TemplateId } from "@/core/flow";
import { MAX_DOCUMENT_BYTES, findUntrustedProblem, vettedSize } from "@/core/domain/untrusted";
import { recordAudit } from "./audit";
import { findWorkspaceById, workspaceLegal } from "./workspaces";
import { rulebookFingerprint } from "./rulebookFingerprint";
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

/** What stored findings were checked with: the workspace's legal settings (by their version) and this release's rulebook. */
export function findingsCheckedWith(workspace: WorkspaceRow): { findingsLegalVersion: number; findingsRulebook: string } {
  return { findingsLegalVersion: workspace.legalVersion, findingsRulebook: rulebookFingerprint() };
}

/** The workspace as stored now (its legal settings changed since the request read it). */
export async function currentWorkspace(db: DbOrTx, workspaceId: string): Promise<WorkspaceRow> {
  const workspace = await findWorkspaceById(db as Db, workspaceId);
  if (!workspace) throw new AppError("NOT_FOUND", "Workspace not found.");
  return workspace;
}

/** How often a write of findings checks the draft again when the legal settings were saved in between. */
export const LEGAL_RECHECK_ATTEMPTS = 3;

/** How long a request refused with LEGAL_SETTINGS_CHANGING waits before it is sent again. */
export const LEGAL_SETTINGS_RETRY_SECONDS = 1;

/** The draft as stored now, as far as an answer to a refused write names it. */
export type DraftStamp = { version: number; updatedByName: string | null; updatedAt: Date };

/**
 * The answer to a write refused because the draft was saved since the request read it: the draft's
 * version now, who saved it and when (`details`), which the editor shows in its conflict choice.
 */
export function versionConflict(draft: DraftStamp, message: string): AppError {
  return new AppError("VERSION_CONFLICT", message, {
    params: { version: draft.version },
    details: { currentVersion: draft.version, updatedByName: draft.updatedByName, updatedAt: draft.updatedAt },
  });
}

/**
 * Writes findings checked with the workspace's legal settings, with the settings as stored now.
 * `write` checks with the settings it is given and writes conditionally (on the draft version the
 * request read, and on the draft's findings not coming from newer legal settings); it returns null
 * when it changed nothing. Then the draft as stored now (`draftNow`) tells why: another version is
 * someone else's save (`conflict`); the same version means only the legal settings were saved since
 * they were read, so the workspace is read again and `write` checks again. After
 * LEGAL_RECHECK_ATTEMPTS such rounds it answers LEGAL_SETTINGS_CHANGING: nothing was written, nobody
 * else saved, and the same request sent again in a moment succeeds.
 */
export async function writeWithCurrentLegalSettings<T>(
  db: Db,
  options: {
    workspace: WorkspaceRow;
    expectedVersion: number;
    write: (workspace: WorkspaceRow) => Promise<T | null>;
    draftNow: () => Promise<DraftStamp>;
    conflict: (draft: DraftStamp) => AppError;
    /** The answer's first words when nothing was written ("This flow was not saved"). */
    notWritten: string;
  },
): Promise<T> {
  let workspace = options.workspace;
  for (let attempt = 1; ; attempt++) {
    const written = await options.write(workspace);
    if (written !== null) return written;
    const draft = await options.draftNow();
    if (draft.version !== options.expectedVersion) throw options.conflict(draft);
    if (attempt >= LEGAL_RECHECK_ATTEMPTS) {
      throw new AppError(
        "LEGAL_SETTINGS_CHANGING",
        `${options.notWritten}: the workspace's legal settings were changed ${attempt} times while it was being checked. ` +
          `Nobody else saved; please send it again in a moment.`,
        { params: { seconds: LEGAL_SETTINGS_RETRY_SECONDS } },
      );
    }
    // Nobody saved: the legal settings were saved after they were read (and the draft's findings
    // checked with them), so these findings are older. Check with the settings as they are now.
    workspace = await currentWorkspace(db, options.workspace.id);
  }
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
    .select({ ...summaryColumns(), document: flows.document, diagnostics: flows.diagnostics, findingsRulebook: flows.findingsRulebook })
    .from(flows)
    .leftJoin(editor, eq(editor.id, flows.updatedBy))
    .where(and(eq(flows.workspaceId, workspaceId), eq(flows.id, flowId)))
    .limit(1);
  if (!row) throw new AppError("NOT_FOUND", "Flow not found.");
  return row;
}

/** One flow with its draft document and the diagnostics stored with it, and the fingerprint of the rulebook that made them. */
export async function getFlowWithRulebook(
  db: Db,
  options: { workspaceId: string; flowId: string },
): Promise<{ flow: FlowDetail; findingsRulebook: string }> {
  const { document, diagnostics, findingsRulebook, ...summary } = await findFlowRow(db, options.workspaceId, options.flowId);
  return { flow: { ...toSummary(summary), document: JSON.parse(document) as FlowDocument, diagnostics }, findingsRulebook };
}

/** One flow with its draft document and the diagnostics stored with it. */
export async function getFlow(db: Db, options: { workspaceId: string; flowId: string }): Promise<FlowDetail> {
  return (await getFlowWithRulebook(db, options)).flow;
}

/** The workspace row, share-locked until the transaction ends on PostgreSQL (SQLite's single writer needs no lock). */
export async function sharedWorkspace(tx: DbOrTx, workspaceId: string): Promise<WorkspaceRow> {
  const query = tx.select().from(workspaces).where(eq(workspaces.id, workspaceId));
  const [row] = onPostgres
    ? await (query as unknown as { for: (strength: "share") => Promise<WorkspaceRow[]> }).for("share")
    : await query.limit(1);
  if (!row) throw new AppError("NOT_FOUND", "Workspace not found.");
  return row;
}

async function insertFlow(db: Db, workspace: WorkspaceRow, userId: string, checked: CheckedDocument, action: string): Promise<FlowDetail> {
  const now = new Date();
  const flowId = checked.document.id;
  await transaction(db, async (tx) => {
    // The legal settings as they are now, held until the flow is stored (as a publish does): a legal-settings
    // save either came first (then the findings are checked with what it saved) or waits and re-checks this flow.
    const current = await sharedWorkspace(tx, workspace.id);
    const stored = current.legalVersion === workspace.legalVersion ? checked : checkDocument(checked.document, current);
    await tx.insert(flows).values({
      id: flowId,
      workspaceId: workspace.id,
      name: stored.document.name,
      document: JSON.stringify(stored.document),
      version: 1,
      diagnostics: stored.diagnostics,
      ...countBySeverity(stored.diagnostics),
      ...findingsCheckedWith(current),
      createdBy: userId,
      updatedBy: userId,
      updatedAt: now,
    });
    await recordAudit(tx, {
      workspaceId: workspace.id,
      actorId: userId,
      action,
      targetType: "flow",
      targetId: flowId,
      after: { name: stored.document.name },
    });
  });
  return getFlow(db, { workspaceId: workspace.id, flowId });
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
 * invalid document is refused before anything is written. Findings checked with legal
 * settings older than the draft's stored findings (a legal-settings save committed after
 * the request read the workspace) are not written: the document is checked again with the
 * settings stored now (see writeWithCurrentLegalSettings).
 */
export async function saveFlow(
  db: Db,
  options: { workspace: WorkspaceRow; userId: string; flowId: string; expectedVersion: number; document: unknown; locale?: Locale },
): Promise<{ version: number; diagnostics: Diagnostic[]; errorCount: number; warningCount: number; updatedAt: Date }> {
  return writeWithCurrentLegalSettings(db, {
    workspace: options.workspace,
    expectedVersion: options.expectedVersion,
    notWritten: "This flow was not saved",
    draftNow: () => findFlowRow(db, options.workspace.id, options.flowId),
    conflict: (draft) => versionConflict(draft, `This flow was saved by someone else (version ${draft.version}).`),
    write: async (workspace) => {
      const checked = checkDocument(options.document, workspace, options.locale);
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
        ...findingsCheckedWith(workspace),
        updatedBy: options.userId,
        updatedAt,
      };
      if ((await storeDraft(db, options.workspace.id, options.flowId, options.expectedVersion, saved)) === 0) return null;
      metrics().saves.inc();
      return { version: options.expectedVersion + 1, diagnostics: checked.diagnostics, ...counts, updatedAt };
    },
  });
}

type DraftColumns = {
  name: string;
  document: string;
  diagnostics: Diagnostic[];
  errorCount: number;
  warningCount: number;
  findingsLegalVersion: number;
  findingsRulebook: string;
  updatedBy: string;
  updatedAt: Date;
};

/**
 * Writes the draft if its version is still `expectedVersion` (one conditional UPDATE: of
 * two saves with the same expected version, on any instance, exactly one changes the row)
 * and its findings were not checked with newer legal settings than these (a legal-settings
 * save re-checks every draft; a save that read the settings before it must not undo that);
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
    .where(
      and(
        eq(flows.workspaceId, workspaceId),
        eq(flows.id, flowId),
        eq(flows.version, expectedVersion),
        lte(flows.findingsLegalVersion, draft.findingsLegalVersion),
      ),
    )
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
    findingsLegalVersion: number;
    findingsRulebook: string;
    updatedBy: string | null;
    updatedAt: number;
    workspaceId: string;
    flowId: string;
    expectedVersion: number;
  }>(
    `UPDATE flows SET name = @name, document = @document, diagnostics = @diagnostics, error_count = @errorCount,
       warning_count = @warningCount, findings_legal_version = @findingsLegalVersion, findings_rulebook = @findingsRulebook,
       version = version + 1, updated_by = @updatedBy, updated_at = @updatedAt
     WHERE workspace_id = @workspaceId AND id = @flowId AND version = @expectedVersion
       AND findings_legal_version <= @findingsLegalVersion`,
  ),
}));

/** How often a rename reads the flow again after a save landed between its read and its write. */
const RENAME_ATTEMPTS = 5;

/**
 * Writes `set` onto a draft and bumps its version only while the draft is still at
 * `readVersion` (and, when `set` holds findings, while the draft's findings were not checked
 * with newer legal settings), and then records the audit entry; false when a save or a
 * legal-settings save landed in between (the caller decides: read again and retry, or
 * answer a conflict).
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
    .where(
      and(
        eq(flows.id, target.flowId),
        eq(flows.workspaceId, target.workspaceId),
        eq(flows.version, target.readVersion),
        set.findingsLegalVersion === undefined ? undefined : lte(flows.findingsLegalVersion, set.findingsLegalVersion),
      ),
    )
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
      throw versionConflict(current, `This flow is being saved continuously (version ${current.version}); please rename it again.`);
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
  const {
    document: _document,
    diagnostics: _diagnostics,
    findingsRulebook: _findingsRulebook,
    ...summary
  } = await findFlowRow(db, options.workspace.id, options.flowId);
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
