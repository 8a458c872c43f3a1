import { trpcRoute } from "@/server/http/trpcRoute";

export { trpcRoute as GET, trpcRoute as POST };
