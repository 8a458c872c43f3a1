import "server-only";
import { TRPCError } from "@trpc/server";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { cache } from "react";
import { contextFromHeaders } from "./httpContext";
import { createCaller } from "./root";
import type { TrpcContext } from "./trpc";

/** Context for the request a server component renders: the app database and the signed-in user, if any. */
export async function createRequestContext(): Promise<TrpcContext> {
  return contextFromHeaders(await headers());
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
