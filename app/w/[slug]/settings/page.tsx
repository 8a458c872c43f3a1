import { redirect } from "next/navigation";

export default async function SettingsHome({ params }: { params: Promise<{ slug: string }> }) {
  redirect(`/w/${(await params).slug}/settings/members`);
}
