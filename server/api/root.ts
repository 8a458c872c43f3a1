import { createCallerFactory, createTRPCRouter } from "./trpc";
import { authRouter } from "./routers/auth";
import { workspacesRouter } from "./routers/workspaces";
import { flowsRouter } from "./routers/flows";

export const appRouter = createTRPCRouter({
  auth: authRouter,
  workspaces: workspacesRouter,
  flows: flowsRouter,
});

export type AppRouter = typeof appRouter;

/** Server-side caller, used by tests and server components. */
export const createCaller = createCallerFactory(appRouter);
