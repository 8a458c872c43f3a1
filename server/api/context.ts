import "server-only";
import { TRPCError } from "@trpc/server";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/db/client";
import { getSession } from "@/server/auth/session";
import { clientAddress } from "@/server/security/clientAddress";
import { createCaller } from "./root";
import type { TrpcContext } from "./trpc";

/** Context for an HTTP request: the app database and the signed-in user, if any. */
export async function createRequestContext(): Promise<TrpcContext> {
  const session = await getSession();
  const forwardedFor = (await headers()).get("x-forwarded-for");
  return {
    db: getDb(),
    user: session ? { id: session.user.id, email: session.user.email, name: session.user.name } : null,
    clientAddress: clientAddress(forwardedFor),
  };
}

/** A caller for server components: same procedures, same checks as over HTTP. */
export async function getServerCaller() {
  return createCaller(await createRequestContext());
}

/**
 * The workspace of a page, or the not-found page for non-members. Cached per
 * request, so a layout and its page ask the database once.
 */
export const loadWorkspaceOrNotFound = cache(async (slug: string) => {
  try {
    return await (await getServerCaller()).workspaces.get({ workspaceSlug: slug });
  } catch (error) {
    if (error instanceof TRPCError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
});
