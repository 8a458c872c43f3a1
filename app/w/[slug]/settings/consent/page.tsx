import { ConsentLedgerPanel } from "@/components/settings/ConsentLedgerPanel";

export default async function ConsentLedgerPage({ params }: { params: Promise<{ slug: string }> }) {
  return <ConsentLedgerPanel slug={(await params).slug} />;
}
