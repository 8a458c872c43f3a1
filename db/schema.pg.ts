import type { Diagnostic } from "../core/compliance";
import type { ApiTokenScope } from "../core/domain/tokens";
import { ROLES } from "../core/domain/workspace";
import { CONSENT_OUTCOMES } from "../core/domain/consent";
import type { Processor } from "../core/flow/legal";
import { bigint, boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

/*
 * The same tables as ./schema.sqlite.ts, for PostgreSQL (DATABASE_URL=postgres://…): the
 * same table and column names, the same keys and indexes, the TypeScript types the
 * services read (Date, boolean, parsed JSON). db/schemaDrift.test.ts keeps both
 * schemas and their committed migrations in step.
 */

/** A point in time with milliseconds, read and written as a Date (SQLite: milliseconds since the epoch). */
const timestamp_ = (name: string) => timestamp(name, { mode: "date", precision: 3, withTimezone: true });
const createdAt = () => timestamp_("created_at").notNull().defaultNow();
/** Milliseconds since the epoch as a plain number (beyond 32 bits). */
const epochMs = (name: string) => bigint(name, { mode: "number" });

export const users = pgTable("users", {
  id: text("id").primaryKey(),
  email: text("email").notNull().unique(),
  name: text("name").notNull(),
  /** Null for accounts that only sign in through an OAuth provider. */
  passwordHash: text("password_hash"),
  locale: text("locale", { enum: ["de", "en"] }),
  /** When the owner proved the mailbox (a mailed link, or an OAuth provider vouching); null until then. */
  emailVerifiedAt: timestamp_("email_verified_at"),
  /** Carried in every session token; raising it ends all sessions issued before (sign out everywhere, password change). */
  sessionVersion: integer("session_version").notNull().default(0),
  createdAt: createdAt(),
});

/**
 * Marks on single sessions (the JWT's `sid`): signed out (revoked), or carried over
 * to a new session version (the session that changed the password stays signed in).
 * Rows are useless after the session's latest possible expiry and may be deleted then.
 */
export const sessionMarks = pgTable("session_marks", {
  sid: text("sid").primaryKey(),
  userId: text("user_id")
    .notNull()
    .references(() => users.id, { onDelete: "cascade" }),
  revoked: boolean("revoked").notNull().default(false),
  /** The session version this session may move up to (null: none). */
  renewedTo: integer("renewed_to"),
  expiresAt: timestamp_("expires_at").notNull(),
});

/** Open e-mail verification links; only a hash of the link's secret is stored. */
export const emailVerifications = pgTable(
  "email_verifications",
  {
    tokenHash: text("token_hash").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    expiresAt: timestamp_("expires_at").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("email_verifications_user_idx").on(t.userId)],
);

/**
 * Counters of the request limits (sign-in back-off, sign-up, API tokens, invitation
 * look-ups). In the database, so they survive restarts and every app instance on
 * the same database shares them.
 */
export const rateLimits = pgTable(
  "rate_limits",
  {
    key: text("key").primaryKey(),
    count: integer("count").notNull(),
    /** When the counter starts again from zero. */
    resetAt: epochMs("reset_at").notNull(),
    /** Back-off: no attempt before this time (ms since the epoch). */
    blockedUntil: epochMs("blocked_until").notNull().default(0),
  },
  (t) => [index("rate_limits_reset_idx").on(t.resetAt)],
);

export const workspaces = pgTable("workspaces", {
  id: text("id").primaryKey(),
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  controllerName: text("controller_name").notNull().default(""),
  controllerAddress: text("controller_address").notNull().default(""),
  impressumUrl: text("impressum_url").notNull().default(""),
  privacyPolicyUrl: text("privacy_policy_url").notNull().default(""),
  privacyContact: text("privacy_contact").notNull().default(""),
  processors: jsonb("processors").$type<Processor[]>().notNull().default([]),
  /**
   * Bumped by every save of the legal settings: stored findings name the number they were
   * checked with (flows.findings_legal_version), so a write of findings checked with older
   * settings than a flow already has is refused and checked again.
   */
  legalVersion: integer("legal_version").notNull().default(0),
  createdAt: createdAt(),
  updatedAt: timestamp_("updated_at"),
});

export const memberships = pgTable(
  "memberships",
  {
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: text("role", { enum: ROLES }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.userId] }), index("memberships_user_idx").on(t.userId)],
);

export const invitations = pgTable(
  "invitations",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    role: text("role", { enum: ROLES }).notNull(),
    /** SHA-256 of the secret in the invitation link; the secret itself is never stored. */
    tokenHash: text("token_hash").notNull().unique(),
    invitedBy: text("invited_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    expiresAt: timestamp_("expires_at").notNull(),
    acceptedAt: timestamp_("accepted_at"),
    declinedAt: timestamp_("declined_at"),
  },
  (t) => [index("invitations_workspace_idx").on(t.workspaceId)],
);

export const flows = pgTable(
  "flows",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** The draft flow document (format v1) as JSON text. */
    document: text("document").notNull(),
    /** Optimistic-concurrency counter: every save increments it. */
    version: integer("version").notNull().default(1),
    diagnostics: jsonb("diagnostics").$type<Diagnostic[]>().notNull().default([]),
    errorCount: integer("error_count").notNull().default(0),
    warningCount: integer("warning_count").notNull().default(0),
    /** The workspace's legal_version the stored diagnostics were checked with. */
    findingsLegalVersion: integer("findings_legal_version").notNull().default(0),
    /** The fingerprint of the rulebook the stored diagnostics come from ("" before it was recorded): start-up re-checks the others. */
    findingsRulebook: text("findings_rulebook").notNull().default(""),
    /**
     * "Live, but blocked": the errors the newest published version has with the
     * current legal settings, so the bot API refuses it; null while it is served or
     * nothing is published. Written when legal settings change or a version is
     * published, so listing flows never re-validates published versions.
     */
    liveBlockedBy: jsonb("live_blocked_by").$type<Diagnostic[]>(),
    archivedAt: timestamp_("archived_at"),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    updatedBy: text("updated_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: timestamp_("updated_at").notNull(),
  },
  (t) => [index("flows_workspace_idx").on(t.workspaceId, t.archivedAt)],
);

export const flowVersions = pgTable(
  "flow_versions",
  {
    id: text("id").primaryKey(),
    flowId: text("flow_id")
      .notNull()
      .references(() => flows.id, { onDelete: "cascade" }),
    number: integer("number").notNull(),
    document: text("document").notNull(),
    report: jsonb("report").$type<Diagnostic[]>().notNull(),
    contentHash: text("content_hash").notNull(),
    authorId: text("author_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("flow_versions_number_idx").on(t.flowId, t.number)],
);

export const apiTokens = pgTable(
  "api_tokens",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** SHA-256 of the secret; the secret is shown once at creation. */
    tokenHash: text("token_hash").notNull().unique(),
    /** First characters of the secret, so people can tell tokens apart. */
    prefix: text("prefix").notNull(),
    scopes: jsonb("scopes").$type<ApiTokenScope[]>().notNull(),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    lastUsedAt: timestamp_("last_used_at"),
    revokedAt: timestamp_("revoked_at"),
  },
  (t) => [index("api_tokens_workspace_idx").on(t.workspaceId)],
);

export const auditLog = pgTable(
  "audit_log",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    actorId: text("actor_id").references(() => users.id, { onDelete: "set null" }),
    action: text("action").notNull(),
    targetType: text("target_type"),
    targetId: text("target_id"),
    // Whatever the action recorded (settings, counts, filters): any JSON value, read back for display only.
    before: jsonb("before").$type<unknown>(),
    after: jsonb("after").$type<unknown>(),
    createdAt: createdAt(),
  },
  (t) => [index("audit_log_workspace_idx").on(t.workspaceId, t.createdAt)],
);

/**
 * The consent ledger (DESIGN "Consent ledger (evidence)"): append-only (database
 * triggers refuse UPDATE and DELETE of chained rows) and hash-chained per workspace.
 * `subject` is the keyed hash (HMAC) of the user id, never the id itself.
 */
export const consentEvents = pgTable(
  "consent_events",
  {
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    /** Id chosen by the bot; makes reporting idempotent. */
    eventId: text("event_id").notNull(),
    flowId: text("flow_id").notNull(),
    flowVersion: integer("flow_version").notNull(),
    /** HMAC-SHA-256 of the user id with the workspace's ledger secret (older rows: the id as the bot sent it). */
    subject: text("subject").notNull(),
    channel: text("channel").notNull(),
    purpose: text("purpose").notNull(),
    outcome: text("outcome", { enum: CONSENT_OUTCOMES }).notNull(),
    textHash: text("text_hash").notNull(),
    occurredAt: timestamp_("occurred_at").notNull(),
    receivedAt: createdAt(),
    /** Position in the workspace's chain, from 1; null for rows stored before the chain existed. */
    seq: integer("seq"),
    contentHash: text("content_hash"),
    consentNodeId: text("consent_node_id"),
    answerMode: text("answer_mode", { enum: ["button", "text"] }),
    explicit: boolean("explicit"),
    categories: jsonb("categories").$type<string[]>(),
    privacyPolicyUrl: text("privacy_policy_url"),
    /** The user id encrypted with the subject's own key (erasure deletes the key); outside the chain. */
    subjectCipher: text("subject_cipher"),
    /** SHA-256 of the event as reported (subject pseudonymised): a resent id with other content is a conflict. */
    eventDigest: text("event_digest"),
    prevHash: text("prev_hash"),
    rowHash: text("row_hash"),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.eventId] }),
    index("consent_events_subject_idx").on(t.workspaceId, t.subject),
    index("consent_events_flow_idx").on(t.workspaceId, t.flowId, t.occurredAt),
    uniqueIndex("consent_events_seq_idx").on(t.workspaceId, t.seq),
  ],
);

/** Per workspace: the secret that pseudonymises subjects, and the chain's head (detects a cut-off tail). */
export const consentLedgers = pgTable("consent_ledgers", {
  workspaceId: text("workspace_id")
    .primaryKey()
    .references(() => workspaces.id, { onDelete: "cascade" }),
  hmacSecret: text("hmac_secret").notNull(),
  headSeq: integer("head_seq").notNull().default(0),
  headHash: text("head_hash").notNull(),
});

/** One key per pseudonymous subject; deleting it (Art. 17 erasure) makes the stored clear id unreadable. */
export const consentSubjectKeys = pgTable(
  "consent_subject_keys",
  {
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    subject: text("subject").notNull(),
    key: text("key").notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.subject] })],
);

/**
 * Analytics counts (no personal data): one row per flow version, step, kind, output,
 * channel, day and test flag. Events are added here when they arrive, so raw events
 * need not be kept. `nodeId`/`output` are "" where the kind has none.
 * Kinds: `reached`, `left` (by `output`), `answer` (`output`), `ended` (`output` = reason),
 * `optOut` (at the step), `optOutAfter` (after the consent step `nodeId`).
 */
export const analyticsCounts = pgTable(
  "analytics_counts",
  {
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    flowId: text("flow_id").notNull(),
    flowVersion: integer("flow_version").notNull(),
    nodeId: text("node_id").notNull(),
    kind: text("kind").notNull(),
    output: text("output").notNull(),
    channel: text("channel").notNull(),
    /** UTC day, YYYY-MM-DD. */
    day: text("day").notNull(),
    test: boolean("test").notNull(),
    count: integer("count").notNull(),
  },
  (t) => [
    // PostgreSQL cuts names at 63 characters; the generated one would be longer.
    primaryKey({
      name: "analytics_counts_pk",
      columns: [t.workspaceId, t.flowId, t.flowVersion, t.nodeId, t.kind, t.output, t.channel, t.day, t.test],
    }),
    index("analytics_counts_day_idx").on(t.workspaceId, t.day),
  ],
);

/**
 * Event ids seen, for idempotency (a resent event is not counted twice), with the
 * digest of their content (the same id with other content is a conflict). `body` is
 * the raw event, kept only while the workspace's raw retention allows.
 */
export const analyticsEvents = pgTable(
  "analytics_events",
  {
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    eventId: text("event_id").notNull(),
    digest: text("digest").notNull(),
    receivedAt: epochMs("received_at").notNull(),
    body: text("body"),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.eventId] }), index("analytics_events_received_idx").on(t.workspaceId, t.receivedAt)],
);

/** Per workspace: how many days raw analytics events are kept (0: only counts). */
export const analyticsSettings = pgTable("analytics_settings", {
  workspaceId: text("workspace_id")
    .primaryKey()
    .references(() => workspaces.id, { onDelete: "cascade" }),
  rawRetentionDays: integer("raw_retention_days").notNull().default(0),
});
