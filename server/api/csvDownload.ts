import "server-only";
import { z } from "zod";
import { getDb, type Db } from "@/db/client";
import { getSession } from "@/server/auth/session";
import { roleAtLeast } from "@/core/domain/workspace";
import { findMembershipBySlug, type MembershipContext } from "@/server/services/workspaces";

/** Query-string dates arrive as text; the tRPC filters take dates. */
export const ZQueryDate = z.coerce.date().optional();

type CsvBuilder = (options: { db: Db; membership: MembershipContext; userId: string; query: Record<string, string> }) => string;

/**
 * A CSV download of workspace data for admins and owners, guarded like the tRPC
 * procedures: anonymous 401, non-member 404 (names do not leak), lower roles 403,
 * a malformed filter 400.
 */
export async function workspaceCsvResponse(request: Request, slug: string, name: string, build: CsvBuilder): Promise<Response> {
  const session = await getSession();
  if (!session) return new Response("Please sign in.", { status: 401 });
  const db = getDb();
  const membership = findMembershipBySlug(db, { userId: session.user.id, slug });
  if (!membership) return new Response("Not found.", { status: 404 });
  if (!roleAtLeast(membership.role, "admin")) return new Response("This needs the admin role or higher.", { status: 403 });
  let csv: string;
  try {
    csv = build({ db, membership, userId: session.user.id, query: Object.fromEntries(new URL(request.url).searchParams) });
  } catch (error) {
    if (error instanceof z.ZodError) return new Response(`Invalid filter: ${error.issues[0]?.message ?? ""}`, { status: 400 });
    throw error;
  }
  const day = new Date().toISOString().slice(0, 10);
  return new Response(csv, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${name}-${membership.workspace.slug}-${day}.csv"`,
      "cache-control": "no-store",
    },
  });
}
