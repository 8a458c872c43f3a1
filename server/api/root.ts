import { createCallerFactory, createTRPCRouter } from "./trpc";
import { authRouter } from "./routers/auth";
import { workspacesRouter } from "./routers/workspaces";
import { flowsRouter } from "./routers/flows";
import { membersRouter } from "./routers/members";
import { legalRouter } from "./routers/legal";
import { tokensRouter } from "./routers/tokens";
import { auditRouter } from "./routers/audit";
import { consentRouter } from "./routers/consent";
import { analyticsRouter } from "./routers/analytics";

export const appRouter = createTRPCRouter({
  auth: authRouter,
  workspaces: workspacesRouter,
  flows: flowsRouter,
  members: membersRouter,
  legal: legalRouter,
  tokens: tokensRouter,
  audit: auditRouter,
  consent: consentRouter,
  analytics: analyticsRouter,
});

export type AppRouter = typeof appRouter;

/** Server-side caller, used by tests and server components. */
export const createCaller = createCallerFactory(appRouter);
