import { v1ConsentEvents } from "@/server/api/v1";

export const dynamic = "force-dynamic";

/** Consent events reported by a deployed bot (bearer token, scope consent:write). */
export async function POST(request: Request) {
  return v1ConsentEvents(request);
}
