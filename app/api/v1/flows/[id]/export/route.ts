import { v1Export } from "@/server/api/v1";

export const dynamic = "force-dynamic";

/** A published flow's export for a deployed bot (bearer token, scope exports:read). */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return v1Export(request, (await params).id);
}
