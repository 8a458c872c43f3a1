/** Liveness for load balancers: the process answers. It touches nothing else on purpose. */
export const dynamic = "force-dynamic";

export function GET() {
  return Response.json({ status: "ok" }, { headers: { "cache-control": "no-store" } });
}
