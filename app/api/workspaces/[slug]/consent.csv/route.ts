import { ZQueryDate, workspaceCsvResponse } from "@/server/api/csvDownload";
import { ZConsentFilter } from "@/server/api/routers/consent";
import { consentLedgerCsv } from "@/server/services/consent";

const ZQuery = ZConsentFilter.extend({ from: ZQueryDate, to: ZQueryDate });

export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  return workspaceCsvResponse(request, (await params).slug, "consent-ledger", ({ db, membership, userId, query }) =>
    consentLedgerCsv(db, { workspaceId: membership.workspace.id, actorId: userId, ...ZQuery.parse(query) }),
  );
}
