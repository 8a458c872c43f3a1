import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter } from "@/server/api/root";
import type { TrpcContext } from "@/server/api/trpc";
import { TRPC_MAX_BODY_BYTES, withBodyLimit } from "./body";

/** More calls in one batch than any page makes; bounds the work one request can ask for. */
export const MAX_BATCH_SIZE = 20;

/**
 * The /api/trpc handler with its body and batch limits; the context comes from the
 * caller (the session in the app, a test user in tests). Internal errors are logged
 * with their reference by the error formatter.
 */
export function createTrpcHandler(createContext: (request: Request) => Promise<TrpcContext>) {
  return (request: Request) =>
    fetchRequestHandler({
      endpoint: "/api/trpc",
      req: withBodyLimit(request, TRPC_MAX_BODY_BYTES),
      router: appRouter,
      createContext: () => createContext(request),
      maxBatchSize: MAX_BATCH_SIZE,
    });
}
