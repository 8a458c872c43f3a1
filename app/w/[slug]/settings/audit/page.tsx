import { AuditLogPanel } from "@/components/settings/AuditLogPanel";

export default async function AuditLogPage({ params }: { params: Promise<{ slug: string }> }) {
  return <AuditLogPanel slug={(await params).slug} />;
}
