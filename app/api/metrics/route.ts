import crypto from "node:crypto";
import { metrics } from "@/server/ops/metrics";

/**
 * Prometheus metrics of this instance. With METRICS_TOKEN set, a scraper must send
 * `Authorization: Bearer <token>`; the figures hold no personal data, only counts.
 */
export const dynamic = "force-dynamic";

function authorised(request: Request): boolean {
  const token = process.env.METRICS_TOKEN;
  if (!token) return true;
  const given = request.headers.get("authorization") ?? "";
  const expected = `Bearer ${token}`;
  return given.length === expected.length && crypto.timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}

export async function GET(request: Request) {
  if (!authorised(request)) {
    return Response.json({ error: { code: "UNAUTHORIZED", message: "Send the metrics token as a bearer token." } }, { status: 401 });
  }
  const { registry } = metrics();
  return new Response(await registry.metrics(), {
    headers: { "content-type": registry.contentType, "cache-control": "no-store" },
  });
}
