import { LegalSettingsForm } from "@/components/settings/LegalSettingsForm";
import { getServerCaller } from "@/server/api/context";

export default async function LegalSettingsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const settings = await (await getServerCaller()).legal.get({ workspaceSlug: slug });
  return <LegalSettingsForm slug={slug} initial={settings} />;
}
