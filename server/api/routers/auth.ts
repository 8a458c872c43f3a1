import { ZSignUpRequest } from "@/core/domain/auth";
import { signUp } from "@/server/services/users";
import { enforceSignUpLimit } from "@/server/auth/rateLimit";
import { createTRPCRouter, publicProcedure } from "../trpc";

export const authRouter = createTRPCRouter({
  /** Creates an account; the client then signs in through next-auth. */
  signUp: publicProcedure.input(ZSignUpRequest).mutation(async ({ ctx, input }) => {
    enforceSignUpLimit(ctx.db, ctx.clientAddress ?? null);
    const user = await signUp(ctx.db, input);
    return { id: user.id, email: user.email };
  }),
});
