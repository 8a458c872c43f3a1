import { MembersPanel } from "@/components/settings/MembersPanel";
import { loadWorkspaceOrNotFound } from "@/server/api/context";
import { requireSession } from "@/server/auth/session";

export default async function MembersPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const session = await requireSession(`/w/${slug}/settings/members`);
  const workspace = await loadWorkspaceOrNotFound(slug);
  return <MembersPanel slug={slug} actorRole={workspace.role} currentUserId={session.user.id} />;
}
