import { createCallerFactory, createTRPCRouter } from "./trpc";
import { authRouter } from "./routers/auth";
import { workspacesRouter } from "./routers/workspaces";

export const appRouter = createTRPCRouter({
  auth: authRouter,
  workspaces: workspacesRouter,
});

export type AppRouter = typeof appRouter;

/** Server-side caller, used by tests and server components. */
export const createCaller = createCallerFactory(appRouter);
