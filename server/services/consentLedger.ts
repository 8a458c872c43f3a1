import { createCipheriv, createDecipheriv, createHmac, createSecretKey, randomBytes } from "node:crypto";
import { and, asc, eq, isNotNull, isNull, count } from "drizzle-orm";
import type { Db } from "@/db/client";
import { onPostgres } from "@/db/dialect";
import { snapshot } from "@/db/transaction";
import { consentEvents, consentLedgers, consentSubjectKeys } from "@/db/schema";
import { canonicalJson } from "@/core/export";
import { sha256Hex } from "./secrets";

/*
 * The evidence side of the consent ledger (DESIGN "Consent ledger (evidence)"):
 * pseudonymous subjects (HMAC with a per-workspace secret), the clear id encrypted
 * with a per-subject key that an erasure deletes (crypto-shredding), and a hash chain
 * per workspace over exactly what must never change.
 */

/** The hash before the first row of a chain. */
export const GENESIS_HASH = "0".repeat(64);

type Tx = Pick<Db, "select" | "insert" | "update" | "delete">;

/**
 * The workspace's ledger (secret and chain head), created on first use. Call it inside
 * the transaction that moves the head. On PostgreSQL the row is locked until that
 * transaction ends, so batches written at once on several instances chain one after
 * the other (SQLite's single writer gives the same order by itself).
 */
export async function ledgerOf(db: Tx, workspaceId: string): Promise<{ hmacSecret: string; headSeq: number; headHash: string }> {
  if (onPostgres) {
    const lock = async () => {
      const locking = db.select().from(consentLedgers).where(eq(consentLedgers.workspaceId, workspaceId)) as unknown as {
        for: (strength: "update") => Promise<{ hmacSecret: string; headSeq: number; headHash: string }[]>;
      };
      return (await locking.for("update"))[0];
    };
    const existing = await lock();
    if (existing) return existing;
    // The first batch of a workspace creates it (another instance may do the same at once: the first wins), then locks it.
    const fresh = { workspaceId, hmacSecret: randomBytes(32).toString("base64url"), headSeq: 0, headHash: GENESIS_HASH };
    await db.insert(consentLedgers).values(fresh).onConflictDoNothing();
    return (await lock())!;
  }
  const [row] = await db.select().from(consentLedgers).where(eq(consentLedgers.workspaceId, workspaceId)).limit(1);
  if (row) return row;
  const created = { workspaceId, hmacSecret: randomBytes(32).toString("base64url"), headSeq: 0, headHash: GENESIS_HASH };
  await db.insert(consentLedgers).values(created);
  return created;
}

/** The keyed hash that stands for a user in the ledger. */
export function pseudonymOf(hmacSecret: string, subject: string): string {
  return createHmac("sha256", hmacSecret).update(subject.trim(), "utf8").digest("hex");
}

/**
 * `pseudonymOf` for the subjects of one batch: the secret becomes a key once, not per
 * event, and a subject that occurs twice is hashed once. Gives exactly `pseudonymOf`'s value (tested).
 */
export function pseudonymizer(hmacSecret: string): (subject: string) => string {
  const key = createSecretKey(Buffer.from(hmacSecret, "utf8"));
  const known = new Map<string, string>();
  return (subject) => {
    let pseudonym = known.get(subject);
    if (pseudonym === undefined) known.set(subject, (pseudonym = createHmac("sha256", key).update(subject.trim(), "utf8").digest("hex")));
    return pseudonym;
  };
}

/** Bytes of a fresh AES-GCM nonce. */
export const IV_BYTES = 12;
/** Bytes of a subject's AES-256 key. */
export const KEY_BYTES = 32;

/**
 * AES-256-GCM with the subject's own key (base64url, or its bytes when the caller has
 * decoded it once for several events): iv.tag.ciphertext in base64url. A caller that
 * encrypts many subjects passes nonces cut from one random buffer: a random call per
 * event cost more than the cipher itself.
 */
export function encryptSubject(key: string | Uint8Array, subject: string, iv: Uint8Array = randomBytes(IV_BYTES)): string {
  const cipher = createCipheriv("aes-256-gcm", typeof key === "string" ? Buffer.from(key, "base64url") : key, iv);
  const data = Buffer.concat([cipher.update(subject, "utf8"), cipher.final()]);
  return [Buffer.from(iv), cipher.getAuthTag(), data].map((b) => b.toString("base64url")).join(".");
}

export function decryptSubject(keyB64: string, sealed: string): string | null {
  try {
    const [iv, tag, data] = sealed.split(".").map((part) => Buffer.from(part, "base64url"));
    const decipher = createDecipheriv("aes-256-gcm", Buffer.from(keyB64, "base64url"), iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(data), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}

/** A fresh AES-256 key for one subject (from `random`, KEY_BYTES of fresh randomness, when given). */
export function newSubjectKey(random?: Buffer): string {
  return (random ?? randomBytes(KEY_BYTES)).toString("base64url");
}

/** The subject's key, created on first use. */
export async function subjectKeyOf(db: Tx, workspaceId: string, pseudonym: string): Promise<string> {
  const [row] = await db
    .select({ key: consentSubjectKeys.key })
    .from(consentSubjectKeys)
    .where(and(eq(consentSubjectKeys.workspaceId, workspaceId), eq(consentSubjectKeys.subject, pseudonym)))
    .limit(1);
  if (row) return row.key;
  const key = newSubjectKey();
  await db.insert(consentSubjectKeys).values({ workspaceId, subject: pseudonym, key });
  return key;
}

/** What the chain covers of one row: everything that must never change, nothing that may be shredded. */
export interface ChainedContent {
  workspaceId: string;
  seq: number;
  eventId: string;
  flowId: string;
  flowVersion: number;
  contentHash: string;
  consentNodeId: string | null;
  subject: string;
  channel: string;
  purpose: string;
  outcome: string;
  textHash: string;
  answerMode: string;
  explicit: boolean;
  categories: string[];
  privacyPolicyUrl: string;
  occurredAt: number;
}

/** Hex SHA-256 of a string (the ledger's digests and chain hashes). */
export const sha256 = sha256Hex;

/**
 * `canonicalJson` for records whose keys are known: the keys are sorted once instead
 * of per row, which showed in profiles of the ingestion. Gives exactly the text
 * `canonicalJson` gives for such a record (tested), so stored hashes keep verifying.
 */
export function canonicalRecordJson<K extends string>(keys: readonly K[]): (record: Readonly<Record<K, unknown>>) => string {
  const sorted = [...keys].sort();
  const names = sorted.map((key) => `${JSON.stringify(key)}:`);
  return (record) => {
    let out = "";
    for (let i = 0; i < sorted.length; i++) {
      const value = record[sorted[i]];
      if (value === undefined) continue;
      out += `${out === "" ? "" : ","}${names[i]}${value !== null && typeof value === "object" ? canonicalJson(value) : JSON.stringify(value)}`;
    }
    return `{${out}}`;
  };
}

/** What a bot reported, subject pseudonymised: its digest tells a resent event from a conflicting one. */
export type ReportedContent = Omit<ChainedContent, "workspaceId" | "seq">;

const REPORTED_KEYS = [
  "eventId",
  "flowId",
  "flowVersion",
  "contentHash",
  "consentNodeId",
  "subject",
  "channel",
  "purpose",
  "outcome",
  "textHash",
  "answerMode",
  "explicit",
  "categories",
  "privacyPolicyUrl",
  "occurredAt",
] as const satisfies readonly (keyof ReportedContent)[];
const reportedJson = canonicalRecordJson<keyof ReportedContent>(REPORTED_KEYS);
const chainedJson = canonicalRecordJson<keyof ChainedContent>([...REPORTED_KEYS, "workspaceId", "seq"]);

/** SHA-256 of the reported event's canonical JSON. */
export function eventDigestOf(reported: ReportedContent): string {
  return sha256(reportedJson(reported));
}

/** Row hash = SHA-256 of the previous row's hash and the row's canonical content. */
export function rowHashOf(prevHash: string, content: ChainedContent): string {
  return sha256(`${prevHash}\n${chainedJson(content)}`);
}

export type LedgerVerification =
  | { ok: true; rows: number; unchained: number; headHash: string }
  | { ok: false; rows: number; unchained: number; broken: { seq: number; eventId: string | null; reason: string } };

/**
 * The ledger's head, its rows from before the chain (counted) and its chained rows, all
 * from one moment: a batch recorded between two of the reads (by this process or another
 * instance) would otherwise look like a cut-off or overlong chain.
 */
async function chainOf(db: Db, workspaceId: string) {
  const queries = (tx: Db) => ({
    head: tx.select().from(consentLedgers).where(eq(consentLedgers.workspaceId, workspaceId)).limit(1),
    counted: tx
      .select({ n: count() })
      .from(consentEvents)
      .where(and(eq(consentEvents.workspaceId, workspaceId), isNull(consentEvents.seq))),
    chained: tx
      .select()
      .from(consentEvents)
      .where(and(eq(consentEvents.workspaceId, workspaceId), isNotNull(consentEvents.seq)))
      .orderBy(asc(consentEvents.seq)),
  });
  // SQLite: inside a transaction, so the reads wait for a batch whose transaction is open on the one connection.
  return snapshot(db, async (tx) => {
    const q = queries(tx);
    const [ledger] = await q.head;
    const [counted] = await q.counted;
    return { ledger, unchained: counted?.n ?? 0, rows: await q.chained };
  });
}

/**
 * Recomputes a workspace's chain from its first row: every row's content hash, the
 * link to the previous row, gap-free sequence numbers and the recorded head (a cut-off
 * tail). Reports the first broken link. Rows from before the chain are counted apart.
 */
export async function verifyLedger(db: Db, workspaceId: string): Promise<LedgerVerification> {
  const { ledger, unchained, rows } = await chainOf(db, workspaceId);
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  for (const row of rows) {
    const seq = row.seq!;
    const fail = (reason: string): LedgerVerification => ({
      ok: false,
      rows: rows.length,
      unchained,
      broken: { seq, eventId: row.eventId, reason },
    });
    if (seq !== expectedSeq) {
      return {
        ok: false,
        rows: rows.length,
        unchained,
        broken: { seq: expectedSeq, eventId: null, reason: `row ${expectedSeq} is missing` },
      };
    }
    if (row.prevHash !== prev) return fail(`row ${seq} does not point to the row before it`);
    const content: ChainedContent = {
      workspaceId,
      seq,
      eventId: row.eventId,
      flowId: row.flowId,
      flowVersion: row.flowVersion,
      contentHash: row.contentHash ?? "",
      consentNodeId: row.consentNodeId,
      subject: row.subject,
      channel: row.channel,
      purpose: row.purpose,
      outcome: row.outcome,
      textHash: row.textHash,
      answerMode: row.answerMode ?? "",
      explicit: row.explicit ?? false,
      categories: row.categories ?? [],
      privacyPolicyUrl: row.privacyPolicyUrl ?? "",
      occurredAt: row.occurredAt.getTime(),
    };
    if (rowHashOf(prev, content) !== row.rowHash) return fail(`row ${seq} (event ${row.eventId}) was changed after it was recorded`);
    prev = row.rowHash!;
    expectedSeq++;
  }
  const headSeq = ledger?.headSeq ?? 0;
  if (headSeq !== rows.length || (ledger && ledger.headHash !== prev)) {
    return {
      ok: false,
      rows: rows.length,
      unchained,
      broken: { seq: rows.length + 1, eventId: null, reason: `the ledger ends at row ${rows.length}, but ${headSeq} rows were recorded` },
    };
  }
  return { ok: true, rows: rows.length, unchained, headHash: prev };
}
