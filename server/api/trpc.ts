import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { z, ZodError } from "zod";
import type { Db } from "@/db/client";
import type { Role } from "@/db/schema";
import { APP_ERROR_CODES, AppError, isAppError, type AppErrorCode } from "@/server/errors";
import { roleAtLeast } from "@/core/domain/workspace";
import { findMembershipBySlug } from "@/server/services/workspaces";

export type SessionUser = { id: string; email?: string | null; name?: string | null };

export type TrpcContext = {
  db: Db;
  user: SessionUser | null;
};

/** The shape the client reads to show a helpful, translated message. */
export type AppErrorShape = {
  appCode: AppErrorCode | null;
  field: string | null;
  params: Record<string, string | number> | null;
  details: unknown;
  fieldErrors: Record<string, string[]> | null;
};

const t = initTRPC.context<TrpcContext>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    const app = isAppError(cause) ? cause : null;
    const zod = cause instanceof ZodError ? cause : null;
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

/** Turns AppErrors thrown by services into tRPC errors with the mapped code. */
const mapAppErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && isAppError(result.error.cause)) {
    const app = result.error.cause;
    throw new TRPCError({ code: APP_ERROR_CODES[app.code], message: app.message, cause: app });
  }
  if (!result.ok && result.error.cause instanceof ZodError && result.error.code === "INTERNAL_SERVER_ERROR") {
    // A service validated its options and refused them: that is bad input, not a crash.
    throw new TRPCError({ code: "BAD_REQUEST", message: result.error.cause.issues[0]?.message, cause: result.error.cause });
  }
  return result;
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

export const publicProcedure = t.procedure.use(mapAppErrors);

/** Signed-in callers only; narrows `ctx.user` to non-null. */
export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new AppError("UNAUTHENTICATED", "Please sign in.");
  return next({ ctx: { ...ctx, user: ctx.user } });
});

export const ZWorkspaceInput = z.object({ workspaceSlug: z.string().min(1).max(80) });

/**
 * Members of the workspace named by `workspaceSlug` only. Loads the membership
 * and role once; non-members get NOT_FOUND so workspace names do not leak.
 */
export const workspaceProcedure = protectedProcedure.input(ZWorkspaceInput).use(({ ctx, input, next }) => {
  const membership = findMembershipBySlug(ctx.db, { userId: ctx.user.id, slug: input.workspaceSlug });
  if (!membership) throw new AppError("NOT_FOUND", "Workspace not found.");
  return next({ ctx: { ...ctx, workspace: membership.workspace, role: membership.role } });
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
