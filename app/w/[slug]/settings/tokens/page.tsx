import { TokensPanel } from "@/components/settings/TokensPanel";

export default async function TokensPage({ params }: { params: Promise<{ slug: string }> }) {
  return <TokensPanel slug={(await params).slug} />;
}
