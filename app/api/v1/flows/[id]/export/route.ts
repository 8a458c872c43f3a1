import { v1Export, v1ExportOptions } from "@/server/api/v1";

export const dynamic = "force-dynamic";

/** A published flow's export for a deployed bot (bearer token, scope exports:read); Next.js answers HEAD with it too. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return v1Export(request, (await params).id);
}

/** The methods of the export, the same answer as the Node server's direct route gives (server/http/direct.ts). */
export function OPTIONS(request: Request) {
  return v1ExportOptions(request);
}
