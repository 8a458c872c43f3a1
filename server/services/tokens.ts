import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { nanoid } from "nanoid";
import type { Db } from "@/db/client";
import { preparedPerConnection } from "@/db/prepared";
import { timeValue } from "@/db/batch";
import { transaction } from "@/db/transaction";
import { alias, apiTokens, users } from "@/db/schema";
import { API_TOKEN_PREFIX, ZApiTokenFields, type ApiTokenScope } from "@/core/domain/tokens";
import { AppError } from "@/server/errors";
import { enforceWindowInBlocks } from "@/server/security/rateLimit";
import { recordAudit } from "./audit";
import { newSecret, sha256Hex } from "./secrets";

/** How many characters of the secret are kept in clear to tell tokens apart. */
const VISIBLE_PREFIX_LENGTH = API_TOKEN_PREFIX.length + 6;
/** lastUsedAt is refreshed at most this often, so busy bots do not write on every call. */
const LAST_USED_RESOLUTION_MS = 60_000;

export type ApiTokenSummary = {
  id: string;
  name: string;
  prefix: string;
  scopes: ApiTokenScope[];
  createdByName: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};

const creator = alias(users, "creator");

/** The workspace's tokens, newest first, revoked ones included (marked). */
export async function listApiTokens(db: Db, options: { workspaceId: string }): Promise<ApiTokenSummary[]> {
  return db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      prefix: apiTokens.prefix,
      scopes: apiTokens.scopes,
      createdByName: creator.name,
      createdAt: apiTokens.createdAt,
      lastUsedAt: apiTokens.lastUsedAt,
      revokedAt: apiTokens.revokedAt,
    })
    .from(apiTokens)
    .leftJoin(creator, eq(creator.id, apiTokens.createdBy))
    .where(eq(apiTokens.workspaceId, options.workspaceId))
    .orderBy(desc(apiTokens.createdAt));
}

/**
 * Creates an API token for deployed bots. The secret (`fg_…`) is returned once and
 * only its SHA-256 is stored; whoever loses it creates a new one.
 */
export async function createApiToken(
  db: Db,
  options: { workspaceId: string; actorId: string; name: string; scopes: ApiTokenScope[] },
): Promise<{ token: ApiTokenSummary; secret: string }> {
  const fields = ZApiTokenFields.parse({ name: options.name, scopes: options.scopes });
  const scopes = [...new Set(fields.scopes)];
  const secret = newSecret(API_TOKEN_PREFIX);
  const id = nanoid();
  await transaction(db, async (tx) => {
    await tx.insert(apiTokens).values({
      id,
      workspaceId: options.workspaceId,
      name: fields.name,
      tokenHash: sha256Hex(secret),
      prefix: secret.slice(0, VISIBLE_PREFIX_LENGTH),
      scopes,
      createdBy: options.actorId,
    });
    await recordAudit(tx, {
      workspaceId: options.workspaceId,
      actorId: options.actorId,
      action: "token.create",
      targetType: "apiToken",
      targetId: id,
      after: { name: fields.name, scopes, prefix: secret.slice(0, VISIBLE_PREFIX_LENGTH) },
    });
  });
  return { token: (await listApiTokens(db, { workspaceId: options.workspaceId })).find((t) => t.id === id)!, secret };
}

/**
 * Revokes a token; the next request with it is refused. Revoking twice is refused as NOT_FOUND,
 * also when two revokes meet (two admins, two instances): the change is one conditional UPDATE,
 * and only the call that made it records it.
 */
export async function revokeApiToken(db: Db, options: { workspaceId: string; actorId: string; tokenId: string }): Promise<void> {
  await transaction(db, async (tx) => {
    const [token] = await tx
      .update(apiTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiTokens.id, options.tokenId), eq(apiTokens.workspaceId, options.workspaceId), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id, name: apiTokens.name, scopes: apiTokens.scopes, prefix: apiTokens.prefix });
    if (!token) throw new AppError("NOT_FOUND", "Token not found.");
    await recordAudit(tx, {
      workspaceId: options.workspaceId,
      actorId: options.actorId,
      action: "token.revoke",
      targetType: "apiToken",
      targetId: token.id,
      before: { name: token.name, scopes: token.scopes, prefix: token.prefix },
    });
  });
}

/**
 * Requests per token and minute (API_RATE_LIMIT_PER_MINUTE, default 60,000: a busy
 * bot's 1,000 a second). It bounds what one leaked or runaway token can cost everyone.
 */
export function apiTokenRateLimit(env: NodeJS.ProcessEnv = process.env) {
  const configured = Number(env.API_RATE_LIMIT_PER_MINUTE);
  return { limit: Number.isInteger(configured) && configured > 0 ? configured : 60_000, windowMs: 60_000 };
}

/**
 * Authenticates a deployed bot's request for the /api/v1 routes.
 *
 * @param bearerSecret the token from the `Authorization` header; a leading
 *   `Bearer ` is accepted and removed, so the header value can be passed as is.
 * @param requiredScope the scope the route needs (`exports:read`, `consent:write`).
 * @returns the id of the workspace the token belongs to; routes must only read
 *   and write that workspace's data.
 * @throws AppError `API_TOKEN_INVALID` (answer 401) for a missing, unknown or revoked
 *   token; `API_TOKEN_SCOPE` (answer 403) when the token lacks `requiredScope`.
 *
 * Also records when the token was last used (at most once a minute).
 */
export async function authenticateApiToken(db: Db, bearerSecret: string | null | undefined, requiredScope: ApiTokenScope): Promise<string> {
  const secret = (bearerSecret ?? "").trim().replace(/^bearer\s+/i, "");
  if (!secret.startsWith(API_TOKEN_PREFIX)) throw new AppError("API_TOKEN_INVALID", "Missing or malformed API token.");
  const statements = tokenStatements(db);
  const token = await statements.byHash.first({ tokenHash: sha256Hex(secret) });
  if (!token || token.revokedAt) throw new AppError("API_TOKEN_INVALID", "Unknown or revoked API token.");
  // Every /api/v1 route authenticates here, so the per-token limit covers them all (its slots claimed in blocks, see rateLimit.ts).
  await enforceWindowInBlocks(db, `api-token:${token.id}`, apiTokenRateLimit(), "Too many requests with this API token. Please slow down.");
  if (!token.scopes.includes(requiredScope)) {
    throw new AppError("API_TOKEN_SCOPE", `This token lacks the scope ${requiredScope}.`, { params: { scope: requiredScope } });
  }
  // Written only when the stored time is older than the resolution; the statement checks it again,
  // so requests racing here (in this or another instance) write it once.
  const now = Date.now();
  if (!token.lastUsedAt || token.lastUsedAt.getTime() < now - LAST_USED_RESOLUTION_MS) {
    await statements.touch.run({ id: token.id, now: timeValue(now), before: timeValue(now - LAST_USED_RESOLUTION_MS) });
  }
  return token.workspaceId;
}

/** The statements every /api/v1 request runs, prepared once per connection. */
const tokenStatements = preparedPerConnection((db, statement) => ({
  byHash: statement(
    db
      .select({
        id: apiTokens.id,
        workspaceId: apiTokens.workspaceId,
        scopes: apiTokens.scopes,
        revokedAt: apiTokens.revokedAt,
        lastUsedAt: apiTokens.lastUsedAt,
      })
      .from(apiTokens)
      .where(eq(apiTokens.tokenHash, sql.placeholder("tokenHash"))),
  ),
  // Placeholders bypass the column's Date mapping: the values are bound as `timeValue` gives them.
  touch: statement(
    db
      .update(apiTokens)
      .set({ lastUsedAt: sql`${sql.placeholder("now")}` })
      .where(
        and(
          eq(apiTokens.id, sql.placeholder("id")),
          sql`(${apiTokens.lastUsedAt} IS NULL OR ${apiTokens.lastUsedAt} < ${sql.placeholder("before")})`,
        ),
      ) as unknown as { prepare: () => { get: () => undefined } },
  ),
}));
