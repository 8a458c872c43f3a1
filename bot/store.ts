import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";

/*
 * The bot's own SQLite file: conversation states, the exports it runs, and three
 * outboxes (messages to the platform, consent events to Flowguard, effects to
 * processors). An incoming update is handled in ONE transaction that writes the new
 * state, everything the turn produced and the update's id; a crash before the commit
 * loses nothing (the platform sends the update again), a crash after it doubles
 * nothing (the id is known). Delivered consent events stay with their sending time.
 */

const SCHEMA = `
CREATE TABLE IF NOT EXISTS exports (
  version INTEGER PRIMARY KEY,
  etag TEXT NOT NULL,
  body TEXT NOT NULL,
  fetched_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS conversations (
  chat TEXT PRIMARY KEY,
  state TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS inbound (
  id TEXT PRIMARY KEY,
  at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS kv (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS messages (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  chat TEXT NOT NULL,
  payload TEXT NOT NULL,
  not_before INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL DEFAULT 0,
  last_error TEXT
);
CREATE INDEX IF NOT EXISTS messages_chat ON messages (chat, id);
CREATE TABLE IF NOT EXISTS consent_outbox (
  event_id TEXT PRIMARY KEY,
  body TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL DEFAULT 0,
  sent_at INTEGER,
  last_error TEXT
);
CREATE INDEX IF NOT EXISTS consent_outbox_pending ON consent_outbox (sent_at, next_attempt_at);
CREATE TABLE IF NOT EXISTS effects (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  chat TEXT NOT NULL,
  kind TEXT NOT NULL,
  body TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL DEFAULT 0,
  last_error TEXT
);
CREATE TABLE IF NOT EXISTS analytics_outbox (
  event_id TEXT PRIMARY KEY,
  body TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL DEFAULT 0,
  last_error TEXT
);
CREATE TABLE IF NOT EXISTS dead_letters (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL,
  chat TEXT,
  body TEXT NOT NULL,
  error TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  at INTEGER NOT NULL
);
`;

export type Sqlite = Database.Database;

export function openStore(file: string): Sqlite {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  // FULL: a committed turn (state + its consent events) survives a power cut too.
  db.pragma("synchronous = FULL");
  db.pragma("busy_timeout = 5000");
  db.exec(SCHEMA);
  return db;
}

export interface MessageRow {
  id: number;
  chat: string;
  payload: string;
  not_before: number;
  attempts: number;
}
export interface ConsentRow {
  event_id: string;
  body: string;
  attempts: number;
}
export interface EffectRow {
  id: number;
  chat: string;
  kind: string;
  body: string;
  attempts: number;
}

/** Typed statements over the bot's tables. */
export class Store {
  constructor(readonly db: Sqlite) {}

  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }

  // exports
  latestExport(): { version: number; etag: string; body: string } | undefined {
    return this.db.prepare("SELECT version, etag, body FROM exports ORDER BY version DESC LIMIT 1").get() as
      { version: number; etag: string; body: string } | undefined;
  }
  exportBody(version: number): string | undefined {
    return (this.db.prepare("SELECT body FROM exports WHERE version = ?").get(version) as { body: string } | undefined)?.body;
  }
  saveExport(version: number, etag: string, body: string, now: number): void {
    this.db
      .prepare(
        "INSERT INTO exports (version, etag, body, fetched_at) VALUES (?, ?, ?, ?) ON CONFLICT(version) DO UPDATE SET etag = excluded.etag, body = excluded.body, fetched_at = excluded.fetched_at",
      )
      .run(version, etag, body, now);
  }

  // conversations and inbound ids
  conversation(chat: string): string | undefined {
    return (this.db.prepare("SELECT state FROM conversations WHERE chat = ?").get(chat) as { state: string } | undefined)?.state;
  }
  /** Chats handed to a person and not yet back with the bot: they need a tick so an unanswered handoff times out. */
  chatsInHandoff(): string[] {
    return (
      this.db.prepare("SELECT chat FROM conversations WHERE json_extract(state, '$.status') = 'handoff'").all() as { chat: string }[]
    ).map((row) => row.chat);
  }

  saveConversation(chat: string, state: string, now: number): void {
    this.db
      .prepare(
        "INSERT INTO conversations (chat, state, updated_at) VALUES (?, ?, ?) ON CONFLICT(chat) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at",
      )
      .run(chat, state, now);
  }
  /** Records an update id; false when it was handled before. */
  claimInbound(id: string, now: number): boolean {
    return this.db.prepare("INSERT OR IGNORE INTO inbound (id, at) VALUES (?, ?)").run(id, now).changes === 1;
  }
  /** Forgets update ids older than `before`: platforms stop redelivering after a few days. */
  pruneInbound(before: number): number {
    return this.db.prepare("DELETE FROM inbound WHERE at < ?").run(before).changes;
  }
  get(key: string): string | undefined {
    return (this.db.prepare("SELECT value FROM kv WHERE key = ?").get(key) as { value: string } | undefined)?.value;
  }
  set(key: string, value: string): void {
    this.db.prepare("INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(key, value);
  }

  // messages
  enqueueMessage(chat: string, payload: unknown, notBefore: number): void {
    this.db.prepare("INSERT INTO messages (chat, payload, not_before) VALUES (?, ?, ?)").run(chat, JSON.stringify(payload), notBefore);
  }
  /** The oldest waiting message of every chat, if it is due: a chat's messages go out in order. */
  dueMessages(now: number, limit: number): MessageRow[] {
    return this.db
      .prepare(
        `SELECT m.id, m.chat, m.payload, m.not_before, m.attempts FROM messages m
         JOIN (SELECT chat, MIN(id) AS id FROM messages GROUP BY chat) head ON head.id = m.id
         WHERE m.not_before <= ? AND m.next_attempt_at <= ? ORDER BY m.id LIMIT ?`,
      )
      .all(now, now, limit) as MessageRow[];
  }
  deleteMessage(id: number): void {
    this.db.prepare("DELETE FROM messages WHERE id = ?").run(id);
  }
  retryMessage(id: number, nextAttemptAt: number, error: string): void {
    this.db
      .prepare("UPDATE messages SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE id = ?")
      .run(nextAttemptAt, error, id);
  }
  pendingMessages(): number {
    return (this.db.prepare("SELECT COUNT(*) AS n FROM messages").get() as { n: number }).n;
  }

  // consent events
  enqueueConsentEvent(eventId: string, body: unknown, now: number): void {
    this.db
      .prepare("INSERT OR IGNORE INTO consent_outbox (event_id, body, created_at) VALUES (?, ?, ?)")
      .run(eventId, JSON.stringify(body), now);
  }
  dueConsentEvents(now: number, limit: number): ConsentRow[] {
    return this.db
      .prepare(
        "SELECT event_id, body, attempts FROM consent_outbox WHERE sent_at IS NULL AND next_attempt_at <= ? ORDER BY created_at, rowid LIMIT ?",
      )
      .all(now, limit) as ConsentRow[];
  }
  markConsentSent(eventIds: readonly string[], now: number): void {
    const statement = this.db.prepare("UPDATE consent_outbox SET sent_at = ?, last_error = NULL WHERE event_id = ?");
    this.transaction(() => eventIds.forEach((id) => statement.run(now, id)));
  }
  retryConsent(eventIds: readonly string[], nextAttemptAt: number, error: string): void {
    const statement = this.db.prepare(
      "UPDATE consent_outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE event_id = ?",
    );
    this.transaction(() => eventIds.forEach((id) => statement.run(nextAttemptAt, error, id)));
  }
  pendingConsentEvents(): number {
    return (this.db.prepare("SELECT COUNT(*) AS n FROM consent_outbox WHERE sent_at IS NULL").get() as { n: number }).n;
  }

  // analytics events: counted traffic without personal data; deleted once Flowguard has them
  enqueueAnalyticsEvent(eventId: string, body: unknown, now: number): void {
    this.db
      .prepare("INSERT OR IGNORE INTO analytics_outbox (event_id, body, created_at) VALUES (?, ?, ?)")
      .run(eventId, JSON.stringify(body), now);
  }
  dueAnalyticsEvents(now: number, limit: number): ConsentRow[] {
    return this.db
      .prepare("SELECT event_id, body, attempts FROM analytics_outbox WHERE next_attempt_at <= ? ORDER BY created_at, rowid LIMIT ?")
      .all(now, limit) as ConsentRow[];
  }
  deleteAnalyticsEvents(eventIds: readonly string[]): void {
    const statement = this.db.prepare("DELETE FROM analytics_outbox WHERE event_id = ?");
    this.transaction(() => eventIds.forEach((id) => statement.run(id)));
  }
  retryAnalytics(eventIds: readonly string[], nextAttemptAt: number, error: string): void {
    const statement = this.db.prepare(
      "UPDATE analytics_outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE event_id = ?",
    );
    this.transaction(() => eventIds.forEach((id) => statement.run(nextAttemptAt, error, id)));
  }
  pendingAnalyticsEvents(): number {
    return (this.db.prepare("SELECT COUNT(*) AS n FROM analytics_outbox").get() as { n: number }).n;
  }

  // effects
  enqueueEffect(chat: string, kind: string, body: unknown): void {
    this.db.prepare("INSERT INTO effects (chat, kind, body) VALUES (?, ?, ?)").run(chat, kind, JSON.stringify(body));
  }
  dueEffects(now: number, limit: number): EffectRow[] {
    return this.db
      .prepare("SELECT id, chat, kind, body, attempts FROM effects WHERE next_attempt_at <= ? ORDER BY id LIMIT ?")
      .all(now, limit) as EffectRow[];
  }
  deleteEffect(id: number): void {
    this.db.prepare("DELETE FROM effects WHERE id = ?").run(id);
  }
  retryEffect(id: number, nextAttemptAt: number, error: string): void {
    this.db
      .prepare("UPDATE effects SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE id = ?")
      .run(nextAttemptAt, error, id);
  }

  // dead letters
  deadLetter(kind: string, chat: string | null, body: string, error: string, attempts: number, now: number): void {
    this.db
      .prepare("INSERT INTO dead_letters (kind, chat, body, error, attempts, at) VALUES (?, ?, ?, ?, ?, ?)")
      .run(kind, chat, body, error, attempts, now);
  }
  deadLetters(): { kind: string; chat: string | null; body: string; error: string; attempts: number }[] {
    return this.db.prepare("SELECT kind, chat, body, error, attempts FROM dead_letters ORDER BY id").all() as {
      kind: string;
      chat: string | null;
      body: string;
      error: string;
      attempts: number;
    }[];
  }
}
