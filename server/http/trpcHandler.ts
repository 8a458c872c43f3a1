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
 * The Retry-After header of an answer to `calls` calls holding `errors`: the longest wait
 * they name, only when every call of the answer was refused for a while (a client honouring
 * the header sends the whole request again, so a batch with a call that went through or was
 * refused for good gets none).
 */
export function retryAfterHeaders(errors: readonly TRPCError[], calls: number): Record<string, string> {
  if (errors.length === 0 || errors.length < calls) return {};
  let seconds = 0;
  for (const { cause } of errors) {
    if (!isAppError(cause) || !RETRYABLE.has(cause.code) || typeof cause.params?.seconds !== "number") return {};
    seconds = Math.max(seconds, Math.ceil(cause.params.seconds));
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
      responseMeta: ({ errors, data }) => ({ headers: retryAfterHeaders(errors, data.length) }),
    });
}
