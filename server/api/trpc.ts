import { initTRPC, TRPCError } from "@trpc/server";
import { metrics } from "@/server/ops/metrics";
import superjson from "superjson";
import { z, ZodError } from "zod";
import type { Db } from "@/db/client";
import type { Role } from "@/db/schema";
import { APP_ERROR_CODES, AppError, isAppError, type AppErrorCode } from "@/server/errors";
import { roleAtLeast } from "@/core/domain/workspace";
import { findMembershipBySlug } from "@/server/services/workspaces";
import {
  DEFAULT_MAX_DEPTH,
  PROTOTYPE_KEYS,
  findUntrustedProblem,
  vetInput,
  vettedSize,
  type UntrustedProblem,
} from "@/core/domain/untrusted";
import { log, newRequestId } from "@/server/log";

export type SessionUser = { id: string; email?: string | null; name?: string | null };

export type TrpcContext = {
  db: Db;
  user: SessionUser | null;
  /** The client's address for rate limits (see server/security/clientAddress.ts); null when unknown. */
  clientAddress?: string | null;
  /** The signed-in session's id (server/auth/sessions.ts), when there is one. */
  sessionId?: string | null;
};

/** The shape the client reads to show a helpful, translated message. */
export type AppErrorShape = {
  appCode: AppErrorCode | null;
  field: string | null;
  params: Record<string, string | number> | null;
  details: unknown;
  fieldErrors: Record<string, string[]> | null;
};

/*
 * superjson walks input recursively while deserializing, so depth and prototype-like
 * keys are checked on the raw JSON first (iteratively); anything superjson still
 * refuses is bad input, not a server fault. The input's own JSON (`json`) is checked
 * here once for the whole request (`vetInput`): `refuseHostileInput` and a save's
 * document size look the result up instead of walking it again. The input was parsed
 * from this request's body for this call alone, so superjson may work on it in place
 * instead of copying it.
 */
const guardedTransformer = {
  input: {
    serialize: (value: unknown) => superjson.serialize(value),
    deserialize: (raw: unknown) => {
      const problem = envelopeProblem(raw);
      if (problem) throw hostileInput(problem);
      try {
        return superjson.deserialize(raw as Parameters<typeof superjson.deserialize>[0], { inPlace: true });
      } catch {
        throw new AppError("INVALID_INPUT", "The request could not be read.");
      }
    },
  },
  output: superjson,
};

/** superjson's envelope `{ json, meta }`: `json` checked as the input itself, anything else with a level more for the envelope. */
function envelopeProblem(raw: unknown): UntrustedProblem | null {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return findUntrustedProblem(raw, { maxDepth: DEFAULT_MAX_DEPTH + 1 });
  const envelope = raw as Record<string, unknown>;
  for (const key of Object.keys(envelope)) {
    if (PROTOTYPE_KEYS.has(key)) return { reason: "prototypeKey", path: key, message: `${key}: the key "${key}" is not allowed.` };
    const problem =
      key === "json"
        ? // With `meta`, superjson turns values into Dates, Maps … in place: only plain JSON is recorded as checked.
          envelope.meta === undefined
          ? vetInput(envelope.json)
          : findUntrustedProblem(envelope.json)
        : findUntrustedProblem(envelope[key], { maxDepth: DEFAULT_MAX_DEPTH + 1, at: key });
    if (problem) return problem;
  }
  return null;
}

function hostileInput(problem: UntrustedProblem): AppError {
  return new AppError("INVALID_INPUT", problem.message, { field: problem.path, params: { reason: problem.reason } });
}

const t = initTRPC.context<TrpcContext>().create({
  transformer: guardedTransformer,
  // Stack traces stay in the server log, in development too.
  isDev: false,
  errorFormatter({ shape, error, path }) {
    const cause = error.cause;
    const app = isAppError(cause) ? cause : null;
    const zod = cause instanceof ZodError ? cause : null;
    if (error.code === "INTERNAL_SERVER_ERROR" && !app) {
      // Internal text (stack overflows, SQL errors, file paths) never leaves the server.
      const requestId = newRequestId();
      log.error({ requestId, path, err: cause ?? error }, "tRPC procedure failed");
      const data: AppErrorShape = { appCode: "INTERNAL", field: null, params: { requestId }, details: null, fieldErrors: null };
      const { stack: _stack, ...rest } = shape.data as typeof shape.data & { stack?: string };
      return { ...shape, message: `Internal error (reference ${requestId}).`, data: { ...rest, ...data } };
    }
    const data: AppErrorShape = {
      appCode: app?.code ?? (zod ? "INVALID_INPUT" : null),
      field: app?.field ?? (zod ? String(zod.issues[0]?.path.join(".") ?? "") : null),
      params: app?.params ?? null,
      details: app?.details ?? null,
      fieldErrors: zod ? (z.flattenError(zod).fieldErrors as Record<string, string[]>) : null,
    };
    return { ...shape, message: zod ? (zod.issues[0]?.message ?? shape.message) : shape.message, data: { ...shape.data, ...data } };
  },
});

/**
 * The tRPC error a client gets for `error`: AppErrors thrown by services with their
 * mapped code, a service's refusal of its options (ZodError) as bad input; null when
 * `error` stays as it is.
 */
function mappedError(error: TRPCError): TRPCError | null {
  const cause = error.cause;
  if (isAppError(cause)) return new TRPCError({ code: APP_ERROR_CODES[cause.code], message: cause.message, cause });
  if (cause instanceof ZodError && error.code === "INTERNAL_SERVER_ERROR") {
    // A service validated its options and refused them: that is bad input, not a crash.
    return new TRPCError({ code: "BAD_REQUEST", message: cause.issues[0]?.message, cause });
  }
  return null;
}

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

/**
 * Refuses input nested deeper than any real request or holding prototype-like keys
 * (`__proto__`, `constructor`, `prototype`) before a schema walks it: a schema
 * recursing 5,000 levels overflows the stack, and such keys poison later lookups.
 */
async function refuseHostileInput(getRawInput: () => Promise<unknown>): Promise<void> {
  let raw: unknown;
  try {
    raw = await getRawInput();
  } catch (error) {
    // Unreadable bodies (not JSON, cut off, too large) are the client's fault.
    if (isAppError(error) || error instanceof TRPCError) throw error;
    throw new AppError("INVALID_INPUT", "The request body could not be read as JSON.");
  }
  // Input that came over HTTP was checked as it was read (`guardedTransformer`); a server-side caller's is checked here.
  const problem = vettedSize(raw) === undefined ? findUntrustedProblem(raw) : null;
  if (problem) throw hostileInput(problem);
}

/**
 * Every procedure's first middleware, in this order: counts and times the call per
 * procedure for /api/metrics (outcome: ok or the error code), maps errors for the client
 * (`mappedError`) and refuses hostile input (`refuseHostileInput`). One middleware rather
 * than three, as each layer costs every call copies of its options and context.
 */
const guardCall = t.middleware(async ({ path, getRawInput, next }) => {
  const started = performance.now();
  const count = (outcome: string) => {
    const m = metrics();
    m.procedureCalls.inc({ procedure: path, outcome });
    m.procedureDuration.observe({ procedure: path }, (performance.now() - started) / 1000);
  };
  try {
    await refuseHostileInput(getRawInput);
  } catch (thrown) {
    // What tRPC makes of a middleware's throw (a TRPCError as it is, anything else an internal error with it as the cause), mapped.
    const error = thrown instanceof TRPCError ? thrown : new TRPCError({ code: "INTERNAL_SERVER_ERROR", cause: thrown });
    const refused = mappedError(error) ?? error;
    count(refused.code);
    throw refused;
  }
  const result = await next();
  if (!result.ok) {
    const mapped = mappedError(result.error);
    count(mapped?.code ?? result.error.code);
    if (mapped) throw mapped;
    return result;
  }
  count("ok");
  return result;
});

export const publicProcedure = t.procedure.use(guardCall);

/** Signed-in callers only; narrows `ctx.user` to non-null. */
export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new AppError("UNAUTHENTICATED", "Please sign in.");
  // tRPC merges what `next` is given into the context: only the narrowed field, no copy of its own.
  return next({ ctx: { user: ctx.user } });
});

export const ZWorkspaceInput = z.object({ workspaceSlug: z.string().min(1).max(80) });

/**
 * Members of the workspace named by `workspaceSlug` only. Loads the membership
 * and role once; non-members get NOT_FOUND so workspace names do not leak.
 */
export const workspaceProcedure = protectedProcedure.input(ZWorkspaceInput).use(async ({ ctx, input, next }) => {
  const membership = await findMembershipBySlug(ctx.db, { userId: ctx.user.id, slug: input.workspaceSlug });
  if (!membership) throw new AppError("NOT_FOUND", "Workspace not found.");
  return next({ ctx: { workspace: membership.workspace, role: membership.role } });
});

/** Middleware for workspace procedures that need at least `minimum`. */
export function requireRole(minimum: Role) {
  return t.middleware(({ ctx, next }) => {
    const role = (ctx as { role?: Role }).role;
    if (!role || !roleAtLeast(role, minimum)) {
      throw new AppError("FORBIDDEN", `This needs the ${minimum} role or higher.`, { params: { role: minimum } });
    }
    return next();
  });
}

/** Admins and owners of the workspace: members, tokens, audit log, consent ledger and their CSV downloads. */
export const adminProcedure = workspaceProcedure.use(requireRole("admin"));
