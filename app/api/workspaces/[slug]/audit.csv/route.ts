import { ZQueryDate, workspaceCsvResponse } from "@/server/api/csvDownload";
import { ZAuditFilter } from "@/server/api/routers/audit";
import { auditLogCsv } from "@/server/services/audit";

const ZQuery = ZAuditFilter.extend({ from: ZQueryDate, to: ZQueryDate });

export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  return workspaceCsvResponse(request, (await params).slug, "audit-log", ({ db, membership, query }) =>
    auditLogCsv(db, { workspaceId: membership.workspace.id, ...ZQuery.parse(query) }),
  );
}
