// Signed-in requests for route handler tests: one account per role in the test
// warehouse (made the way admins make them, lib/auth/users.ts), signed in once
// through the real Better Auth handler. Sign-ins from tests carry no client IP,
// so they share one rate-limit bucket (30 a minute): each role signs in once per
// warehouse and its cookie is reused by every test.
//
// The warehouse is whatever getWarehouse() returns, so test files that mock
// `@/lib/db` get their test warehouse; files that set DATABASE_URL at run time
// must import this module dynamically, after setting it (lib/env reads it once).
import { getAuth } from "@/lib/auth/get-auth";
import type { Role } from "@/lib/auth/roles";
import { createUser } from "@/lib/auth/users";
import { getWarehouse, type Warehouse } from "@/lib/db";

export const TEST_PASSWORD = "test password, long enough";
export const TEST_ORIGIN = "http://localhost";

/** The test account of a role; auditors are in the finance group, like the demo one. */
export const testAccount = (role: Role) => ({
  email: `${role}@test.triad.local`,
  name: `Test ${role}`,
  role,
  groups: role === "auditor" ? ["finance"] : [],
  password: TEST_PASSWORD,
});

const cookies = new WeakMap<Warehouse, Map<Role, Promise<string>>>();

/** POST /api/auth/sign-in/email through the app's Better Auth handler, as the sign-in page sends it. */
export async function signInResponse(email: string, password: string, init: { origin?: string; body?: string } = {}): Promise<Response> {
  const auth = await getAuth();
  return auth.handler(
    new Request(`${TEST_ORIGIN}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: init.origin ?? TEST_ORIGIN },
      body: init.body ?? JSON.stringify({ email, password }),
    }),
  );
}

/** `name=value` of the session cookie a sign-in response sets (throws when it set none). */
export function sessionCookieFrom(response: Response): string {
  const cookie = response.headers.getSetCookie().find((c) => /^(__Secure-)?better-auth\.session_token=/.test(c));
  if (!cookie) throw new Error(`sign-in set no session cookie (status ${response.status})`);
  return cookie.split(";")[0]!;
}

async function signInAs(wh: Warehouse, role: Role): Promise<string> {
  const account = testAccount(role);
  const [existing] = await wh.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM auth_user WHERE email = $1`, [account.email]);
  if (!existing?.n) await createUser(wh.sql, account, "test setup");
  const res = await signInResponse(account.email, account.password);
  if (res.status !== 200) throw new Error(`signing in as ${account.email} answered ${res.status}: ${await res.text()}`);
  return sessionCookieFrom(res);
}

/** The Cookie header of the role's test account, signed in once per warehouse. */
export async function sessionCookie(role: Role): Promise<string> {
  const wh = await getWarehouse();
  const byRole = cookies.get(wh) ?? new Map<Role, Promise<string>>();
  cookies.set(wh, byRole);
  let cookie = byRole.get(role);
  if (!cookie) {
    cookie = signInAs(wh, role);
    // A failed sign-in is not cached, so the next test reports its own error.
    cookie.catch(() => byRole.delete(role));
    byRole.set(role, cookie);
  }
  return cookie;
}

/** Forgets the cached cookies of a warehouse (after its sessions were deleted). */
export function forgetSessions(wh: Warehouse): void {
  cookies.delete(wh);
}

/** A Request to a route handler signed in as `role`; a path alone is on http://localhost. */
export async function signedRequest(url: string | URL, role: Role, init: RequestInit = {}): Promise<Request> {
  const headers = new Headers(init.headers);
  headers.set("cookie", await sessionCookie(role));
  const full = typeof url === "string" && url.startsWith("/") ? `${TEST_ORIGIN}${url}` : url;
  return new Request(full, { ...init, headers });
}
