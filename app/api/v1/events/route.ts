import { v1AnalyticsEvents } from "@/server/api/v1";

export const dynamic = "force-dynamic";

/** Analytics events reported by a deployed bot (bearer token, scope events:write); no personal data. */
export async function POST(request: Request) {
  return v1AnalyticsEvents(request);
}
