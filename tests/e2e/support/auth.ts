// Signed-in sessions for the e2e run: the demo account of each role (written by
// the first start's bootstrap), signed in once per run by auth.setup.ts, each
// session kept as a Playwright storage state the specs pick by role.
import { readFileSync } from "node:fs";
import path from "node:path";
import { type APIRequestContext, expect } from "@playwright/test";
import { E2E_BASE_URL, E2E_SERVER_ENV } from "./e2e-server";

export const ROLES = ["viewer", "analyst", "auditor", "admin"] as const;
export type Role = (typeof ROLES)[number];

/** The warehouse's demo accounts; TRIAD_E2E_ACCOUNTS points at another warehouse's file (e.g. the dev server's .data/demo-accounts.json). */
export const ACCOUNTS_FILE = path.resolve(process.env.TRIAD_E2E_ACCOUNTS || path.join(E2E_SERVER_ENV.TRIAD_DATA_DIR, "demo-accounts.json"));

const AUTH_DIR = path.resolve(".tmp/e2e-auth");

/** Where a role's signed-in storage state is kept: `test.use({ storageState: storageStateOf("viewer") })`. */
export const storageStateOf = (role: Role) => path.join(AUTH_DIR, `${role}.json`);

/** A context with no cookies at all, for anonymous visits. */
export const ANONYMOUS = { cookies: [], origins: [] };

export const SESSION_COOKIE = /^(__Secure-)?better-auth\.session_token$/;

export interface DemoAccount {
  email: string;
  role: Role;
  password: string;
}

export function demoAccount(role: Role): DemoAccount {
  let accounts: DemoAccount[];
  try {
    accounts = JSON.parse(readFileSync(ACCOUNTS_FILE, "utf8")) as DemoAccount[];
  } catch (error) {
    throw new Error(`Cannot read the demo accounts from ${ACCOUNTS_FILE} (${(error as Error).message}); set TRIAD_E2E_ACCOUNTS to the serving warehouse's demo-accounts.json.`);
  }
  const account = accounts.find((a) => a.role === role);
  if (!account) throw new Error(`${ACCOUNTS_FILE} has no ${role} account.`);
  return account;
}

/**
 * Signs in through Better Auth's endpoint, from this app's own origin (its CSRF
 * check wants a matching Origin). The cookie lands in `request`'s jar.
 */
export async function signIn(request: APIRequestContext, email: string, password: string) {
  return request.post("/api/auth/sign-in/email", { data: { email, password }, headers: { Origin: E2E_BASE_URL } });
}

export async function signInAs(request: APIRequestContext, role: Role): Promise<void> {
  const { email, password } = demoAccount(role);
  const response = await signIn(request, email, password);
  expect(response.status(), `sign-in as ${email}: ${await response.text()}`).toBe(200);
}
