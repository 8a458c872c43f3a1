import { FlowList } from "@/components/flows/FlowList";
import { loadWorkspaceOrNotFound } from "@/server/api/context";

export default async function FlowsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  // The layout has already refused non-members; this read only needs the role.
  const workspace = await loadWorkspaceOrNotFound(slug);
  return (
    <main id="main" className="mx-auto max-w-5xl px-4 py-10">
      <FlowList workspaceSlug={slug} canEdit={workspace.role !== "viewer"} role={workspace.role} />
    </main>
  );
}
