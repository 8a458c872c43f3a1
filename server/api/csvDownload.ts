import "server-only";
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { createRequestContext } from "./context";
import { createCaller } from "./root";
import type { TrpcContext } from "./trpc";

type Caller = ReturnType<typeof createCaller>;

/**
 * The CSV downloads: each is a tRPC procedure (an `adminProcedure`), so a
 * download is refused exactly like the page's own calls — anonymous 401,
 * non-member 404 (names do not leak), lower roles 403, a malformed filter 400.
 * The query string is handed to the procedure as it is; its input schema
 * validates it after the access checks.
 */
export const CSV_DOWNLOADS = {
  "audit-log": (caller: Caller, workspaceSlug: string, query: Record<string, string>) => caller.audit.csv({ ...query, workspaceSlug }),
  "consent-ledger": (caller: Caller, workspaceSlug: string, query: Record<string, string>) =>
    caller.consent.csv({ ...query, workspaceSlug }),
  analytics: (caller: Caller, workspaceSlug: string, query: Record<string, string>) => caller.analytics.csv({ ...query, workspaceSlug }),
} as const;

export type CsvDownload = keyof typeof CSV_DOWNLOADS;

/** Answers one CSV download for the caller in `ctx`; route handlers pass the request's context. */
export async function csvDownloadResponse(ctx: TrpcContext, request: Request, slug: string, name: CsvDownload): Promise<Response> {
  const query = Object.fromEntries(new URL(request.url).searchParams);
  let csv: string;
  try {
    csv = await CSV_DOWNLOADS[name](createCaller(ctx), slug, query);
  } catch (error) {
    if (error instanceof TRPCError) return new Response(error.message, { status: getHTTPStatusCodeFromError(error) });
    throw error;
  }
  const day = new Date().toISOString().slice(0, 10);
  return new Response(csv, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${name}-${slug}-${day}.csv"`,
      "cache-control": "no-store",
    },
  });
}

/** A route handler `GET` for one CSV download of the workspace in the URL. */
export function csvRoute(name: CsvDownload) {
  return async (request: Request, { params }: { params: Promise<{ slug: string }> }): Promise<Response> =>
    csvDownloadResponse(await createRequestContext(), request, (await params).slug, name);
}
