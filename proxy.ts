import { NextResponse, type NextRequest } from "next/server";
import { trustedProxyHops } from "@/server/security/clientAddress";

/*
 * Runs before every route. Without a configured proxy (TRUST_PROXY) the client's
 * own X-Forwarded-For and X-Real-IP are dropped here; the server then fills
 * X-Forwarded-For from the socket, so rate limits see the real address and
 * rotating the header gains nothing.
 */
export function proxy(request: NextRequest) {
  const headers = new Headers(request.headers);
  if (trustedProxyHops() === 0) {
    headers.delete("x-forwarded-for");
    headers.delete("x-real-ip");
  }
  return NextResponse.next({ request: { headers } });
}

export const config = {
  // Static build files carry no user data and need no per-request work.
  matcher: ["/((?!_next/static|_next/image|favicon.ico|icon.svg).*)"],
};
