import { TRPCError } from "@trpc/server";
import { notFound } from "next/navigation";
import { FlowEditorLoader } from "@/components/editor/FlowEditorLoader";
import { getServerCaller, loadWorkspaceOrNotFound } from "@/server/api/context";

export default async function FlowEditorPage({ params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  const caller = await getServerCaller();
  const [flow, workspace] = await Promise.all([
    caller.flows.get({ workspaceSlug: slug, flowId: id }).catch((error: unknown) => {
      if (error instanceof TRPCError && error.code === "NOT_FOUND") notFound();
      throw error;
    }),
    loadWorkspaceOrNotFound(slug),
  ]);
  return (
    <FlowEditorLoader
      init={{
        workspaceSlug: slug,
        flowId: flow.id,
        canEdit: flow.canEdit,
        company: workspace.name,
        document: flow.document,
        version: flow.version,
        diagnostics: flow.diagnostics,
        publishedVersion: flow.publishedVersion,
        liveBlockedBy: flow.liveBlockedBy,
        legal: flow.legal,
      }}
    />
  );
}
