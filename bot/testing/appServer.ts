import type { Db } from "@/db/client";
import { POST as postConsentEvents } from "@/app/api/v1/consent-events/route";
import { POST as postAnalyticsEvents } from "@/app/api/v1/events/route";
import { GET as getExport } from "@/app/api/v1/flows/[id]/export/route";
import { listen } from "./server";

/*
 * The app's real /api/v1 route handlers served over loopback on a temporary
 * database, so a bot (in this process or a child process) talks HTTP to the same
 * code as in production, without building the whole Next.js app.
 */
export async function serveApp(db: Db) {
  (globalThis as { flowguardDb?: Db }).flowguardDb = db;
  const requests: { method: string; path: string; status: number }[] = [];
  const server = await listen(async (req, body, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
    const request = new Request(url, { method: req.method, headers, body: req.method === "POST" ? new Uint8Array(body.raw) : undefined });
    const exportMatch = /^\/api\/v1\/flows\/([^/]+)\/export$/.exec(url.pathname);
    let response: Response;
    if (req.method === "GET" && exportMatch)
      response = await getExport(request, { params: Promise.resolve({ id: decodeURIComponent(exportMatch[1]) }) });
    else if (req.method === "POST" && url.pathname === "/api/v1/consent-events") response = await postConsentEvents(request);
    else if (req.method === "POST" && url.pathname === "/api/v1/events") response = await postAnalyticsEvents(request);
    else response = new Response("not found", { status: 404 });
    requests.push({ method: req.method ?? "", path: url.pathname, status: response.status });
    res.writeHead(response.status, Object.fromEntries(response.headers.entries()));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  return {
    ...server,
    requests,
    close: async () => {
      await server.close();
      delete (globalThis as { flowguardDb?: Db }).flowguardDb;
    },
  };
}
