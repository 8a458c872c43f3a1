import { TRPCError } from "@trpc/server";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter } from "@/server/api/root";
import type { TrpcContext } from "@/server/api/trpc";
import { AppError, isAppError, type AppErrorCode } from "@/server/errors";
import { log } from "@/server/log";
import { crossSiteProblem } from "@/server/security/origin";
import { TRPC_MAX_BODY_BYTES, withBodyLimit } from "./body";

/** More calls in one batch than any page makes; bounds the work one request can ask for. */
export const MAX_BATCH_SIZE = 20;

/** A mutation a browser sent from another site's page: refused before the session is read. */
function refuseCrossSite(request: Request): void {
  const problem = crossSiteProblem(request);
  if (!problem) return;
  log.warn({ problem, url: request.url }, "cross-site tRPC request refused");
  const message = "Requests from other sites are refused.";
  throw new TRPCError({ code: "FORBIDDEN", message, cause: new AppError("FORBIDDEN", message) });
}

/** Refusals whose answer says when to send again (`params.seconds`): too many requests, legal settings being saved. */
const RETRYABLE: ReadonlySet<AppErrorCode> = new Set(["RATE_LIMITED", "LEGAL_SETTINGS_CHANGING"]);

/**
 * The Retry-After header of an answer holding `errors`: the longest wait any of them names
 * (a batch answers several calls at once), none when no error is a retryable refusal.
 */
export function retryAfterHeaders(errors: readonly TRPCError[]): Record<string, string> {
  let seconds = 0;
  for (const { cause } of errors) {
    if (isAppError(cause) && RETRYABLE.has(cause.code) && typeof cause.params?.seconds === "number") {
      seconds = Math.max(seconds, Math.ceil(cause.params.seconds));
    }
  }
  return seconds > 0 ? { "retry-after": String(seconds) } : {};
}

/**
 * The /api/trpc handler with its body and batch limits and the cross-site check; the
 * context comes from the caller (the session in the app, a test user in tests).
 * Internal errors are logged with their reference by the error formatter.
 */
export function createTrpcHandler(createContext: (request: Request) => Promise<TrpcContext>) {
  /** `bodyWithinLimit`: the caller already read the whole body and counted it against TRPC_MAX_BODY_BYTES. */
  return (request: Request, options: { bodyWithinLimit?: boolean } = {}) =>
    fetchRequestHandler({
      endpoint: "/api/trpc",
      req: options.bodyWithinLimit ? request : withBodyLimit(request, TRPC_MAX_BODY_BYTES),
      router: appRouter,
      createContext: () => {
        refuseCrossSite(request);
        return createContext(request);
      },
      maxBatchSize: MAX_BATCH_SIZE,
      responseMeta: ({ errors }) => ({ headers: retryAfterHeaders(errors) }),
    });
}
