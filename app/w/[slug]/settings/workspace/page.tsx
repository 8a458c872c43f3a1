import { DeleteWorkspaceForm } from "@/components/settings/DeleteWorkspaceForm";
import { loadWorkspaceOrNotFound } from "@/server/api/context";

export default async function WorkspaceSettingsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const workspace = await loadWorkspaceOrNotFound(slug);
  return <DeleteWorkspaceForm slug={slug} name={workspace.name} isOwner={workspace.role === "owner"} />;
}
