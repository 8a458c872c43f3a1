import { z } from "zod";
import { getDb, type Db } from "@/db/client";
import type { ApiTokenScope } from "@/core/domain/tokens";
import { AppError, isAppError, type AppErrorCode } from "@/server/errors";
import { CHANNELS, type Channel } from "@/core/flow";
import { recordConsentEvents } from "@/server/services/consent";
import { metrics } from "@/server/ops/metrics";
import { recordAnalyticsEvents } from "@/server/services/analytics";
import { authenticateApiToken } from "@/server/services/tokens";
import { findWorkspaceById } from "@/server/services/workspaces";
import { exportEtag, exportVersion } from "@/server/services/versions";
import { ANALYTICS_MAX_BODY_BYTES, CONSENT_MAX_BODY_BYTES, readBodyText } from "@/server/http/body";
import { findUntrustedProblem } from "@/core/domain/untrusted";
import { log, newRequestId } from "@/server/log";
import { apiSecurityHeaders, cameOverHttps } from "@/server/security/headers";

/*
 * The /api/v1 routes for deployed bots: bearer API tokens, JSON errors of one shape
 * `{ "error": { "code", "message", "details"? } }`, and HTTP statuses a bot can act
 * on. Route files stay thin: they call `v1Export` / `v1ConsentEvents` / `v1AnalyticsEvents` with the request.
 *
 * Each handler reads an `ApiRequest` (URL, header look-up, body text) and gives an
 * `ApiAnswer` (status, headers, body text) that the route files turn into a web Response
 * (`v1Export` …) and the Node server's direct routes write as they are (`v1Answers`):
 * a bot's request there costs no web Request, Headers or Response object (issue 13).
 */

/** What a handler reads of a request. A web Request is turned into one by `apiRequestOf`. */
export type ApiRequest = {
  /** The absolute URL, as a web Request has it. */
  url: string;
  /** A header's value (name in lower case), or null. */
  header(name: string): string | null;
  /** The body as UTF-8 text, refused with PAYLOAD_TOO_LARGE past `maxBytes` (see `readBodyText`). */
  bodyText(maxBytes: number): Promise<string>;
};

/** An answer: status, headers (lower-case names), and the body text or none. */
export type ApiAnswer = { status: number; headers: Record<string, string>; body: string | null };

export function apiRequestOf(request: Request): ApiRequest {
  return {
    url: request.url,
    header: (name) => request.headers.get(name),
    bodyText: (maxBytes) => readBodyText(request, maxBytes),
  };
}

/** The web Response of an answer, for the route files. */
export function responseOf(answer: ApiAnswer): Response {
  return new Response(answer.body, { status: answer.status, headers: answer.headers });
}

/** A JSON answer, as `Response.json` gives it. */
function json(value: unknown, status: number, headers: Record<string, string>): ApiAnswer {
  return { status, headers: { ...headers, "content-type": "application/json" }, body: JSON.stringify(value) };
}

const STATUS: Partial<Record<AppErrorCode, number>> = {
  API_TOKEN_INVALID: 401,
  API_TOKEN_SCOPE: 403,
  NOT_FOUND: 404,
  NOT_PUBLISHED: 404,
  INVALID_INPUT: 400,
  INVALID_EVENTS: 422,
  COMPLIANCE_ERRORS: 409,
  CONFLICT: 409,
  LIVE_VERSION_BLOCKED: 409,
  RATE_LIMITED: 429,
  PAYLOAD_TOO_LARGE: 413,
};

/** A JSON error response; a missing or bad token also gets a WWW-Authenticate header. */
export function v1Error(error: AppError): Response {
  return responseOf(v1ErrorAnswer(error));
}

function v1ErrorAnswer(error: AppError): ApiAnswer {
  const status = STATUS[error.code] ?? 500;
  const headers: Record<string, string> = { "cache-control": "no-store" };
  if (status === 401) headers["www-authenticate"] = 'Bearer realm="flowguard"';
  if (status === 429 && typeof error.params?.seconds === "number") headers["retry-after"] = String(error.params.seconds);
  return json(
    { error: { code: error.code, message: error.message, ...(error.details !== undefined ? { details: error.details } : {}) } },
    status,
    headers,
  );
}

/**
 * Runs a handler, turning refusals into JSON errors; unexpected errors are a plain 500
 * without internals. Every answer gets the security headers here, as proxy.ts skips /api/v1.
 */
async function guarded(request: ApiRequest, handler: (db: Db, url: URL) => Promise<ApiAnswer> | ApiAnswer): Promise<ApiAnswer> {
  const url = new URL(request.url);
  const result = await answer(request, url, handler);
  const https = cameOverHttps(url, request.header("x-forwarded-proto"));
  Object.assign(result.headers, https ? SECURITY_HEADERS_HTTPS : SECURITY_HEADERS_HTTP);
  return result;
}

// The same for every answer over the same protocol: built once (`apiSecurityHeaders` is pure).
const SECURITY_HEADERS_HTTP = apiSecurityHeaders({ https: false });
const SECURITY_HEADERS_HTTPS = apiSecurityHeaders({ https: true });

async function answer(request: ApiRequest, url: URL, handler: (db: Db, url: URL) => Promise<ApiAnswer> | ApiAnswer): Promise<ApiAnswer> {
  try {
    return await handler(getDb(), url);
  } catch (error) {
    if (isAppError(error)) return v1ErrorAnswer(error);
    const requestId = newRequestId();
    log.error({ requestId, url: request.url, err: error }, "/api/v1 request failed");
    return json({ error: { code: "INTERNAL", message: "Something went wrong on our side. Please retry later.", requestId } }, 500, {
      "cache-control": "no-store",
    });
  }
}

async function authenticate(db: Db, request: ApiRequest, scope: ApiTokenScope) {
  const workspaceId = await authenticateApiToken(db, request.header("authorization"), scope);
  const workspace = await findWorkspaceById(db, workspaceId);
  if (!workspace) throw new AppError("API_TOKEN_INVALID", "Unknown or revoked API token.");
  return workspace;
}

const ZExportQuery = z.object({
  channel: z.enum([...CHANNELS, "canonical"], { error: `channel must be one of ${[...CHANNELS, "canonical"].join(", ")}` }),
  version: z.coerce
    .number({ error: "version must be a positive whole number" })
    .int("version must be a positive whole number")
    .positive("version must be a positive whole number")
    .optional(),
});

/*
 * Built exports by ETag (content hash of the version, channel, hash of the legal
 * settings): the key is the content, so an entry is never stale, only unused. A small
 * LRU in memory; a second instance simply builds its own.
 */
const EXPORT_CACHE_ENTRIES = 200;
const exportCache = new Map<string, string>();

function rememberExport(key: string, body: string): void {
  exportCache.delete(key);
  exportCache.set(key, body);
  while (exportCache.size > EXPORT_CACHE_ENTRIES) exportCache.delete(exportCache.keys().next().value!);
}

/**
 * GET (and HEAD) /api/v1/flows/:id/export?channel=…&version=… (scope `exports:read`).
 * The latest published version by default; `channel=canonical` for the channel-
 * neutral export. Answers 304 when If-None-Match holds the current ETag.
 */
export async function v1Export(request: Request, flowId: string): Promise<Response> {
  return responseOf(await exportAnswer(apiRequestOf(request), flowId));
}

function exportAnswer(request: ApiRequest, flowId: string): Promise<ApiAnswer> {
  return guarded(request, async (db, url) => {
    const workspace = await authenticate(db, request, "exports:read");
    const query = ZExportQuery.safeParse(Object.fromEntries(url.searchParams));
    if (!query.success) {
      const issue = query.error.issues[0];
      throw new AppError("INVALID_INPUT", `${issue.path.join(".") || "query"}: ${issue.message}`, {
        details: { issues: query.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })) },
      });
    }
    const channel: Channel | null = query.data.channel === "canonical" ? null : query.data.channel;
    const options = { workspace, flowId, channel, number: query.data.version };
    // The ETag first: a bot that has the current export gets 304 before anything is built.
    const { etag, number } = await exportEtag(db, options);
    const headers = { etag, "cache-control": "private, no-cache", vary: "authorization" };
    const ifNoneMatch = request.header("if-none-match");
    if (ifNoneMatch && ifNoneMatch.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag)) {
      return { status: 304, headers, body: null };
    }
    // The export also names its version and publication time: the key adds flow and number.
    const key = `${flowId}/${number}/${etag}`;
    let body = exportCache.get(key);
    if (body === undefined) {
      body = JSON.stringify((await exportVersion(db, { ...options, number })).export);
      rememberExport(key, body);
    }
    return { status: 200, headers: { ...headers, "content-type": "application/json" }, body };
  });
}

/** The methods of the export: HEAD is GET without the body (Next.js answers it with the GET handler, and so do the direct routes). */
export const EXPORT_METHODS = "GET, HEAD, OPTIONS";

/**
 * OPTIONS /api/v1/flows/:id/export: 204 naming the methods, what Next.js answers for a
 * route without an OPTIONS handler of its own, with the security headers of every API
 * answer. It says nothing about the flow, so like Next.js it needs no token.
 */
export async function v1ExportOptions(request: Request): Promise<Response> {
  return responseOf(await exportOptionsAnswer(apiRequestOf(request)));
}

function exportOptionsAnswer(request: ApiRequest): Promise<ApiAnswer> {
  return guarded(request, () => ({ status: 204, headers: { allow: EXPORT_METHODS }, body: null }));
}

/**
 * POST /api/v1/consent-events (scope `consent:write`): `{ "events": [...] }` (or the
 * array itself), consent events v2. All or nothing: a malformed event, or one that
 * does not belong to the published version it names, refuses the batch with 400
 * naming each problem (`details.issues[].path` like `3.textHash`); the same event
 * again is skipped, so a bot may resend; an event id reused with other content is 409.
 */
export async function v1ConsentEvents(request: Request): Promise<Response> {
  return responseOf(await consentAnswer(apiRequestOf(request)));
}

function consentAnswer(request: ApiRequest): Promise<ApiAnswer> {
  return guarded(request, async (db) => {
    const workspace = await authenticate(db, request, "consent:write");
    const text = await request.bodyText(CONSENT_MAX_BODY_BYTES);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new AppError("INVALID_INPUT", 'The body must be JSON: { "events": [ … ] }.');
    }
    const problem = findUntrustedProblem(body);
    if (problem) throw new AppError("INVALID_INPUT", problem.message, { details: { path: problem.path } });
    const events = Array.isArray(body) ? body : (body as { events?: unknown } | null)?.events;
    if (!Array.isArray(events)) throw new AppError("INVALID_INPUT", 'The body must be JSON: { "events": [ … ] }.');
    const result = await recordConsentEvents(db, { workspaceId: workspace.id, events });
    metrics().consentEvents.inc({ result: "inserted" }, result.inserted);
    metrics().consentEvents.inc({ result: "duplicate" }, result.duplicates);
    return json(result, 200, { "cache-control": "no-store" });
  });
}

/** The `events` array of a bot's JSON body (`{ "events": [...] }` or the array itself), checked for untrusted shapes. */
async function eventsOf(request: ApiRequest, maxBytes: number): Promise<unknown[]> {
  const text = await request.bodyText(maxBytes);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new AppError("INVALID_INPUT", 'The body must be JSON: { "events": [ … ] }.');
  }
  const problem = findUntrustedProblem(body);
  if (problem) throw new AppError("INVALID_INPUT", problem.message, { details: { path: problem.path } });
  const events = Array.isArray(body) ? body : (body as { events?: unknown } | null)?.events;
  if (!Array.isArray(events)) throw new AppError("INVALID_INPUT", 'The body must be JSON: { "events": [ … ] }.');
  return events;
}

/**
 * POST /api/v1/events (scope `events:write`): `{ "events": [...] }` (or the array
 * itself), up to 500 analytics events. All or nothing: a field outside the schema
 * (any person identifier or typed text) is 422 naming it (`details.issues[].path`);
 * an event that does not belong to the published version it names is 400; the same
 * event again is skipped (idempotent by `eventId`); an id reused with other content is 409.
 */
export async function v1AnalyticsEvents(request: Request): Promise<Response> {
  return responseOf(await analyticsAnswer(apiRequestOf(request)));
}

function analyticsAnswer(request: ApiRequest): Promise<ApiAnswer> {
  return guarded(request, async (db) => {
    const workspace = await authenticate(db, request, "events:write");
    const events = await eventsOf(request, ANALYTICS_MAX_BODY_BYTES);
    const result = await recordAnalyticsEvents(db, { workspaceId: workspace.id, events });
    return json(result, 200, { "cache-control": "no-store" });
  });
}

/** The handlers as the Node server's direct routes call them (server/http/direct.ts): an `ApiRequest` in, an `ApiAnswer` out. */
export const v1Answers = {
  export: exportAnswer,
  exportOptions: exportOptionsAnswer,
  consentEvents: consentAnswer,
  analyticsEvents: analyticsAnswer,
};
