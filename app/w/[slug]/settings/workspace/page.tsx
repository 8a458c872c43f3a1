import { DeleteWorkspaceForm } from "@/components/settings/DeleteWorkspaceForm";
import { getServerCaller } from "@/server/api/context";

export default async function WorkspaceSettingsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const workspace = await (await getServerCaller()).workspaces.get({ workspaceSlug: slug });
  return <DeleteWorkspaceForm slug={slug} name={workspace.name} isOwner={workspace.role === "owner"} />;
}
