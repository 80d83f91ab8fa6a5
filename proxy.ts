// Runs before every page and API route: a fresh CSP nonce per request (Next.js
// reads it from the request's policy header and puts it on its scripts) and
// the security headers on the response.
import { getSessionCookie } from "better-auth/cookies";
import { type NextRequest, NextResponse } from "next/server";
import { REQUEST_PATH_HEADER } from "@/lib/auth/request-path";
import { env } from "@/lib/env";
import { contentSecurityPolicy, newNonce, securityHeaders } from "@/lib/http/security-headers";

/** Pages answer anonymous visitors with the sign-in page; the API and the sign-in page itself are left to their routes. */
function needsSignIn(request: NextRequest): boolean {
  const path = request.nextUrl.pathname;
  if (path.startsWith("/api/") || path === "/sign-in" || path.startsWith("/_next/")) return false;
  // Only whether a session cookie is there at all: each page checks the session itself (lib/auth/authorize.ts).
  return !getSessionCookie(request);
}

export function proxy(request: NextRequest) {
  if (needsSignIn(request)) {
    const signIn = new URL("/sign-in", request.url);
    signIn.searchParams.set("next", request.nextUrl.pathname + request.nextUrl.search);
    return withSecurityHeaders(request, NextResponse.redirect(signIn), newNonce());
  }
  const nonce = newNonce();
  const policy = contentSecurityPolicy(nonce, { development: env.NODE_ENV === "development" });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  // Where a page sends an anonymous visitor back to after signing in (lib/auth/authorize.ts).
  requestHeaders.set(REQUEST_PATH_HEADER, request.nextUrl.pathname + request.nextUrl.search);
  requestHeaders.set("Content-Security-Policy", policy);
  return withSecurityHeaders(request, NextResponse.next({ request: { headers: requestHeaders } }), nonce);
}

function withSecurityHeaders(request: NextRequest, response: NextResponse, nonce: string): NextResponse {
  const policy = contentSecurityPolicy(nonce, { development: env.NODE_ENV === "development" });
  response.headers.set("Content-Security-Policy", policy);
  const https = request.nextUrl.protocol === "https:" || request.headers.get("x-forwarded-proto") === "https";
  for (const [name, value] of Object.entries(securityHeaders({ production: env.NODE_ENV === "production", https }))) {
    response.headers.set(name, value);
  }
  return response;
}

export const config = {
  // Static files carry no script of ours; everything rendered or answered by the app does.
  matcher: [{ source: "/((?!_next/static|_next/image|favicon.ico|icon.svg).*)" }],
};
