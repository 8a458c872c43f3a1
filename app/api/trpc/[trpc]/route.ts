import { createRequestContext } from "@/server/api/context";
import { createTrpcHandler } from "@/server/http/trpcHandler";

const handler = createTrpcHandler(() => createRequestContext());

export { handler as GET, handler as POST };
