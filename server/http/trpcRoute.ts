import { contextFromHeaders } from "@/server/api/httpContext";
import { createTrpcHandler } from "./trpcHandler";

/**
 * /api/trpc as the app serves it: the route file under Next.js (app/api/trpc/[trpc]/route.ts)
 * and the Node server's direct route (server/http/direct.ts) both call this one handler,
 * with the signed-in user read from the request's session cookie.
 */
const handler = createTrpcHandler((request) => contextFromHeaders(request.headers));

export const trpcRoute = (request: Request) => handler(request);

/** For the direct route, which has read the whole body and counted it against TRPC_MAX_BODY_BYTES itself. */
export const trpcRouteWithBodyRead = (request: Request) => handler(request, { bodyWithinLimit: true });
