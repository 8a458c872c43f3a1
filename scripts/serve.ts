/*
 * The production HTTP server: Next.js behind a plain Node server that the operator
 * can count on. It adds what `next start` lacks for running behind a load balancer:
 * a request id and one JSON log line per request, request metrics by route pattern,
 * and a graceful stop: on SIGTERM the instance reports "not ready", stops accepting
 * connections, lets every request in flight finish, closes the database and exits.
 *
 * X-Forwarded-Proto, -Host and -Port count only behind a proxy of ours (TRUST_PROXY):
 * without one they are removed before Next.js reads them.
 *
 * The hot API paths (/api/v1 and /api/trpc) are answered here directly, by the same
 * handlers as their route files (server/http/direct.ts); FLOWGUARD_DIRECT_ROUTES=off
 * sends them through Next.js as well.
 *
 * `npm start` calls `serve()` after preparing the database and the build;
 * `npm run serve` starts one more instance on an existing build and database
 * (set PORT, DATABASE_URL and NEXTAUTH_SECRET; see the README).
 */
import http from "node:http";
import path from "node:path";
import { closeDatabase, getDb, type Db } from "@/db/client";
import { checkpointInBackground } from "@/db/checkpoints";
import { onPostgres } from "@/db/dialect";
import { markDraining } from "@/server/ops/lifecycle";
import { log, newRequestId } from "@/server/log";
import { metrics } from "@/server/ops/metrics";
import { loadRoutePatterns, routeLabel } from "@/server/ops/routes";
import { TRPC_MAX_BODY_BYTES } from "@/server/http/body";
import { dropUnreadBody, refuseUnboundedBody } from "@/server/http/linger";
import { createRequestQueue } from "@/server/http/requestQueue";
import { trustedProxyHops } from "@/server/security/clientAddress";
import { dropUntrustedForwarding } from "@/server/security/headers";

const ROOT = process.cwd();

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

export type ServeOptions = { port: number; hostname?: string; shutdownTimeoutMs?: number; directRoutes?: boolean };

/** FLOWGUARD_DIRECT_ROUTES=off (or 0, false): every request goes through Next.js. */
function directRoutesWanted(value = process.env.FLOWGUARD_DIRECT_ROUTES): boolean {
  return !["off", "0", "false"].includes((value ?? "").trim().toLowerCase());
}

/** A request's path as routers resolve it (`/api/v1/../../signin` is /signin to Next.js); "/" when it cannot be read. */
function resolvedPath(url: string | undefined): string {
  try {
    return new URL(url ?? "/", "http://localhost").pathname;
  } catch {
    return "/";
  }
}

export async function serve({
  port,
  hostname,
  shutdownTimeoutMs = Number(process.env.SHUTDOWN_TIMEOUT_MS ?? 25_000),
  directRoutes = directRoutesWanted(),
}: ServeOptions) {
  // `next` reads NODE_ENV when it is loaded: only a production build is served here.
  (process.env as Record<string, string>).NODE_ENV = "production";
  const { default: next } = await import("next");
  const distDir = path.join(ROOT, process.env.FLOWGUARD_DIST_DIR || ".next");
  const app = next({ dev: false, dir: ROOT, port, hostname });
  await app.prepare();
  const handle = app.getRequestHandler();
  const patterns = loadRoutePatterns(distDir);
  const m = metrics();
  // Loaded here, after NODE_ENV is set, like the route files Next.js loads.
  const direct = directRoutes ? (await import("@/server/http/direct")).createDirectRoutes({ port, hostname }) : null;

  // SQLite: WAL checkpoints (and their fsyncs) on a worker thread instead of inside a request's commit (db/checkpoints.ts).
  const checkpoints = onPostgres
    ? null
    : checkpointInBackground(getDb(), { onError: (error) => log.error({ err: error }, "the checkpoint worker failed") });

  const queue = createRequestQueue();
  const proxyHops = trustedProxyHops();
  let inFlight = 0;
  let draining = false;
  let onIdle: (() => void) | null = null;

  const server = http.createServer((req, res) => {
    const started = process.hrtime.bigint();
    const given = req.headers["x-request-id"];
    const requestId = typeof given === "string" && REQUEST_ID.test(given) ? given : newRequestId();
    req.headers["x-request-id"] = requestId;
    dropUntrustedForwarding(req.headers, proxyHops);
    res.setHeader("x-request-id", requestId);
    // While draining, every answer closes its connection so keep-alive clients reconnect elsewhere.
    if (draining) res.setHeader("connection", "close");
    const route = routeLabel(patterns, req.url ?? "/");
    inFlight++;
    m.httpInFlight.inc();
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      inFlight--;
      m.httpInFlight.dec();
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const method = req.method ?? "GET";
      m.httpRequests.inc({ route, method, status: String(res.statusCode) });
      m.httpDuration.observe({ route, method }, seconds);
      if (route !== "/_next/*") {
        log.info({ requestId, method, route, status: res.statusCode, ms: Math.round(seconds * 1000) }, "request");
      }
      if (inFlight === 0) onIdle?.();
    };
    res.on("finish", finish);
    res.on("close", finish);
    // Started in arrival order, one per loop turn (server/http/requestQueue.ts); timed from arrival.
    queue.enqueue(() => {
      // A client that hung up while waiting needs no answer.
      if (res.destroyed) return;
      const directHandler = direct?.route(req);
      // No route Next.js serves takes more than a tRPC call, nor a body of unknown size (Next.js would read it whole
      // first); a body left unread is dropped paced. The API's route files (served by Next.js when the direct routes
      // are off) read bodies chunk by chunk and refuse them themselves, in their own words.
      const selfBounded = /^\/api\/(trpc|v1)\//.test(resolvedPath(req.url));
      if (!directHandler && !selfBounded && refuseUnboundedBody(req, res, TRPC_MAX_BODY_BYTES)) return;
      dropUnreadBody(req, res);
      (directHandler ? directHandler(req, res) : handle(req, res)).catch((error: unknown) => {
        log.error({ requestId, route, err: error }, "request failed");
        if (!res.headersSent) {
          res.statusCode = 500;
          res.setHeader("content-type", "application/json");
          res.end(JSON.stringify({ error: { code: "INTERNAL", message: "Something went wrong on our side.", requestId } }));
        } else res.end();
      });
    });
  });

  const stop = (signal: NodeJS.Signals) => {
    if (draining) return;
    draining = true;
    markDraining();
    log.info({ signal, inFlight }, "stopping: no new connections, finishing the requests in flight");
    server.close();
    server.closeIdleConnections();
    const exit = (code: number) => {
      const db = (globalThis as { flowguardDb?: Db }).flowguardDb;
      // A checkpoint still running is given 5 s; the database's close checkpoints what is left.
      const workerGone = Promise.race([checkpoints?.stop(), new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
      const closed = workerGone.then(() => (db ? closeDatabase(db) : undefined));
      closed
        .catch((error: unknown) => log.error({ err: error }, "closing the database failed"))
        .finally(() => {
          log.info({ code }, "stopped");
          process.exit(code);
        });
    };
    const timer = setTimeout(() => {
      log.error({ inFlight }, "requests still running after the shutdown timeout; closing them");
      server.closeAllConnections();
      exit(1);
    }, shutdownTimeoutMs);
    timer.unref();
    onIdle = () => {
      clearTimeout(timer);
      exit(0);
    };
    if (inFlight === 0) onIdle();
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, hostname, () => resolve());
  });
  log.info({ port }, "listening");
  return server;
}

// Run directly (`npm run serve`): one more instance on an existing build and database.
if (process.argv[1]?.endsWith("serve.ts")) {
  serve({ port: Number(process.env.PORT ?? 3000), hostname: process.env.HOSTNAME }).catch((error) => {
    console.error(`Flowguard could not start: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  });
}
