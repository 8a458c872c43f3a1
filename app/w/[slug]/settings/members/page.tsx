import { MembersPanel } from "@/components/settings/MembersPanel";
import { getServerCaller } from "@/server/api/context";
import { requireSession } from "@/server/auth/session";

export default async function MembersPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const session = await requireSession(`/w/${slug}/settings/members`);
  const workspace = await (await getServerCaller()).workspaces.get({ workspaceSlug: slug });
  return <MembersPanel slug={slug} actorRole={workspace.role} currentUserId={session.user.id} />;
}
