import NextAuth from "next-auth";
import { NextRequest } from "next/server";
import { authOptions } from "@/server/auth/options";
import { AUTH_MAX_BODY_BYTES, bodyWithin } from "@/server/http/body";

type Context = { params: Promise<{ nextauth: string[] }> };

// next-auth reads a form body whole, without a limit: it gets one read within AUTH_MAX_BODY_BYTES.
const handler = async (request: NextRequest, context: Context) => {
  const body = await bodyWithin(request, AUTH_MAX_BODY_BYTES);
  if (body instanceof Response) return body;
  const bounded =
    body === null
      ? request
      : new NextRequest(request.url, { method: request.method, headers: request.headers, body, signal: request.signal });
  return NextAuth(authOptions())(bounded, context);
};

export { handler as GET, handler as POST };
