import { getDb } from "@/db/client";
import { checkReadiness } from "@/server/ops/readiness";

/** Readiness for load balancers: 200 when this instance should get traffic, 503 with the reason otherwise. */
export const dynamic = "force-dynamic";

export async function GET() {
  let result;
  try {
    result = await checkReadiness(getDb());
  } catch (error) {
    result = { ready: false as const, reason: "database" as const, detail: error instanceof Error ? error.message : String(error) };
  }
  return Response.json(result.ready ? { status: "ready", ...result } : { status: "not ready", ...result }, {
    status: result.ready ? 200 : 503,
    headers: { "cache-control": "no-store" },
  });
}
