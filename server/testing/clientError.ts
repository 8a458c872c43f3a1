import { TRPCClientError } from "@trpc/client";
import { getErrorShape, TRPCError } from "@trpc/server";
import { appRouter } from "@/server/api/root";

/**
 * The error the browser's tRPC client gets for a call that failed with `error` in the router called
 * directly (`callerFor`): the error's shape from the router's own error formatter, as the client reads
 * it. Anything else (a lost connection a test plays) stays as it is. Lets tests hand server errors to
 * the editor's code that explains them (explainSaveError) instead of a copy of it.
 */
export function asClientError(error: unknown): unknown {
  if (!(error instanceof TRPCError)) return error;
  const shape = getErrorShape({
    config: appRouter._def._config,
    error,
    type: "mutation",
    path: undefined,
    input: undefined,
    ctx: undefined,
  });
  return TRPCClientError.from({ error: shape });
}
