// Signing in, out and being refused, through the real Better Auth handler and
// the app's route handlers, on both warehouses: cookie attributes, failures and
// the per-account lockout (audited), sign-out ending the session, 403s audited,
// no public sign-up, foreign Origins refused, passwords stored hashed, the demo
// accounts, and a production deployment refusing to start without its secret.
//
// Every sign-in here goes through the handler, whose rate limiter puts all of
// them (tests send no client IP) in one bucket of 30 a minute per warehouse:
// this file stays well under it (about 20 per warehouse).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { verifyPassword } from "better-auth/crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { POST as postAnnotationRoute } from "@/app/api/annotations/route";
import { GET as getAuditRoute } from "@/app/api/audit/route";
import { createTriadAuth } from "@/lib/auth/auth";
import { getAuth } from "@/lib/auth/get-auth";
import { getViewer } from "@/lib/auth/session";
import { VIEWER_CACHE_MS } from "@/lib/auth/session-cache";
import { LOCKOUT_FAILURES } from "@/lib/auth/sign-in-audit";
import { createUser, DEMO_ACCOUNTS_FILE, ensureDemoAccounts, type DemoAccount } from "@/lib/auth/users";
import type { Warehouse } from "@/lib/db";
import { sessionCookie, sessionCookieFrom, signInResponse, TEST_ORIGIN, TEST_PASSWORD } from "../support/auth";
import { WAREHOUSES, type TestWarehouse } from "../support/warehouses";

const state = vi.hoisted(() => ({ wh: undefined as Warehouse | undefined, dataDir: "", production: false }));

vi.mock("@/lib/db", () => ({
  getWarehouse: async () => {
    if (!state.wh) throw new Error("no test warehouse");
    return state.wh;
  },
}));

// lib/env is read once at import: the demo accounts' folder and the production
// switch are redirected here, so no test writes to the real .data folder.
vi.mock("@/lib/env", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@/lib/env")>();
  return {
    ...actual,
    dataDir: () => state.dataDir || actual.dataDir(),
    isProductionDeployment: () => state.production || actual.isProductionDeployment(),
  };
});

const ROOT = path.resolve(".");
const SECRET = "another-test-secret-0123456789-0123456789";

const auditEntries = (wh: Warehouse, action: string, entityId?: string) =>
  wh.sql.query<{ actor: string; entity_type: string; entity_id: string; detail: Record<string, unknown> }>(
    `SELECT actor, entity_type, entity_id, detail FROM audit_log WHERE action = $1 AND ($2::text IS NULL OR entity_id = $2) ORDER BY seq`,
    [action, entityId ?? null],
  );

const account = (email: string, role: "viewer" | "analyst" | "auditor" | "admin" = "analyst") => ({ email, name: email.split("@")[0]!, role, groups: [], password: TEST_PASSWORD });

/** Set-Cookie of the session cookie, split into its attributes (lower-cased names). */
function cookieAttributes(response: Response): { name: string; attributes: Map<string, string> } {
  const header = response.headers.getSetCookie().find((c) => c.includes("session_token="));
  expect(header, `no session cookie among ${JSON.stringify(response.headers.getSetCookie())}`).toBeDefined();
  const [pair, ...rest] = header!.split(";").map((p) => p.trim());
  const attributes = new Map(rest.map((a) => [a.split("=")[0]!.toLowerCase(), a.split("=").slice(1).join("=")] as const));
  return { name: pair!.split("=")[0]!, attributes };
}

const auditRequest = (cookie?: string) => new Request(`${TEST_ORIGIN}/api/audit`, { headers: cookie ? { cookie } : {} });

describe.each(WAREHOUSES)("sign-in on $name", (factory) => {
  let wh: TestWarehouse;

  beforeAll(async () => {
    wh = await factory.open();
    state.wh = wh;
    state.dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "triad-auth-data-"));
  });
  afterAll(async () => {
    state.wh = undefined;
    state.production = false;
    fs.rmSync(state.dataDir, { recursive: true, force: true });
    state.dataDir = "";
    await wh?.dispose();
  });

  // First: it needs a warehouse without accounts.
  it("makes one demo account per role once, writes them to TRIAD_DATA_DIR, and never in production", async () => {
    const file = path.join(state.dataDir, DEMO_ACCOUNTS_FILE);
    state.production = true;
    try {
      expect(await ensureDemoAccounts(wh.sql)).toBeNull();
    } finally {
      state.production = false;
    }
    expect(fs.existsSync(file)).toBe(false);
    expect((await wh.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM auth_user`))[0]?.n).toBe(0);

    const made = await ensureDemoAccounts(wh.sql);
    expect(made?.file).toBe(file);
    expect(made?.accounts.map((a) => [a.email, a.role])).toEqual([
      ["viewer@triad.local", "viewer"],
      ["analyst@triad.local", "analyst"],
      ["auditor@triad.local", "auditor"],
      ["admin@triad.local", "admin"],
    ]);
    const written = JSON.parse(fs.readFileSync(file, "utf8")) as DemoAccount[];
    expect(written).toEqual(made?.accounts);
    // Owner-only: it holds passwords.
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(new Set(written.map((a) => a.password)).size).toBe(4);
    const users = await wh.sql.query<{ email: string; role: string; groups: string[] }>(`SELECT email, role, groups FROM auth_user ORDER BY email`);
    expect(users).toEqual([
      { email: "admin@triad.local", role: "admin", groups: [] },
      { email: "analyst@triad.local", role: "analyst", groups: [] },
      { email: "auditor@triad.local", role: "auditor", groups: ["finance"] },
      { email: "viewer@triad.local", role: "viewer", groups: [] },
    ]);

    expect(await ensureDemoAccounts(wh.sql)).toBeNull();
    expect((await wh.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM auth_user`))[0]?.n).toBe(4);

    // The written password is the one that signs in.
    const auditor = written.find((a) => a.role === "auditor")!;
    const res = await signInResponse(auditor.email, auditor.password);
    expect(res.status).toBe(200);
    expect(await getViewer(new Headers({ cookie: sessionCookieFrom(res) }))).toMatchObject({ email: "auditor@triad.local", role: "auditor", groups: ["finance"] });
  });

  it("signs in with an HttpOnly, SameSite=Lax cookie, not Secure over http, and audits it", async () => {
    await createUser(wh.sql, account("ada@example.com", "admin"), "test");
    const res = await signInResponse("Ada@Example.com", TEST_PASSWORD);
    expect(res.status).toBe(200);
    const { name, attributes } = cookieAttributes(res);
    expect(name).toBe("better-auth.session_token");
    expect(attributes.has("httponly")).toBe(true);
    expect(attributes.get("samesite")?.toLowerCase()).toBe("lax");
    expect(attributes.has("secure")).toBe(false);
    expect(attributes.get("path")).toBe("/");

    const cookie = sessionCookieFrom(res);
    expect(await getViewer(new Headers({ cookie }))).toMatchObject({ email: "ada@example.com", role: "admin", groups: [] });
    expect((await getAuditRoute(auditRequest(cookie))).status).toBe(200);
    expect(await auditEntries(wh, "auth.sign_in", "ada@example.com")).toEqual([
      expect.objectContaining({ actor: "ada@example.com", entity_type: "user" }),
    ]);
  });

  it("sets a Secure, __Secure- prefixed cookie when secure cookies are on", async () => {
    const secureAuth = createTriadAuth(wh, { secret: SECRET, publicUrl: "https://triad.example.com", secureCookies: true });
    const res = await secureAuth.handler(
      new Request("https://triad.example.com/api/auth/sign-in/email", {
        method: "POST",
        headers: { "content-type": "application/json", origin: "https://triad.example.com" },
        body: JSON.stringify({ email: "ada@example.com", password: TEST_PASSWORD }),
      }),
    );
    expect(res.status).toBe(200);
    const { name, attributes } = cookieAttributes(res);
    expect(name).toBe("__Secure-better-auth.session_token");
    expect(attributes.has("secure")).toBe(true);
    expect(attributes.has("httponly")).toBe(true);
    expect(attributes.get("samesite")?.toLowerCase()).toBe("lax");
    const cookie = sessionCookieFrom(res);
    expect(await getViewer(new Headers({ cookie }), secureAuth)).toMatchObject({ email: "ada@example.com" });
    // Signed with its own secret: the app's instance does not accept it.
    expect(await getViewer(new Headers({ cookie: cookie.replace(/^__Secure-/, "") }))).toBeNull();
  });

  it("refuses a wrong password with 401 and audits the failure", async () => {
    await createUser(wh.sql, account("bob@example.com"), "test");
    const res = await signInResponse("bob@example.com", "not the password at all");
    expect(res.status).toBe(401);
    expect(res.headers.getSetCookie().filter((c) => c.includes("session_token=") && !/max-age=0/i.test(c))).toEqual([]);
    expect(await auditEntries(wh, "auth.sign_in_failed", "bob@example.com")).toEqual([
      expect.objectContaining({ actor: "anonymous", entity_type: "user", detail: expect.objectContaining({ reason: expect.any(String) }) }),
    ]);
    // An unknown account is audited too, under the address that was tried.
    expect((await signInResponse("nobody@example.com", TEST_PASSWORD)).status).toBe(401);
    expect(await auditEntries(wh, "auth.sign_in_failed", "nobody@example.com")).toHaveLength(1);
  });

  it(`locks an account after ${LOCKOUT_FAILURES} failures: the next attempt is 429 even with the right password`, async () => {
    await createUser(wh.sql, account("carol@example.com"), "test");
    for (let i = 0; i < LOCKOUT_FAILURES; i++) expect((await signInResponse("carol@example.com", `wrong password ${i}`)).status).toBe(401);
    const locked = await signInResponse("carol@example.com", TEST_PASSWORD);
    expect(locked.status).toBe(429);
    expect(((await locked.json()) as { message: string }).message).toMatch(/^Too many failed sign-ins for this account \(5 in 15 minutes\)\. Try again in \d+ minutes?, or ask an admin\.$/);
    expect(locked.headers.getSetCookie().some((c) => c.includes("session_token=") && !/max-age=0/i.test(c))).toBe(false);
    expect(await auditEntries(wh, "auth.sign_in", "carol@example.com")).toEqual([]);
    expect(await auditEntries(wh, "auth.sign_in_failed", "carol@example.com")).toHaveLength(LOCKOUT_FAILURES);
  });

  it("counts failures only since the last successful sign-in", async () => {
    await createUser(wh.sql, account("dan@example.com"), "test");
    for (let i = 0; i < LOCKOUT_FAILURES - 1; i++) expect((await signInResponse("dan@example.com", `wrong password ${i}`)).status).toBe(401);
    expect((await signInResponse("dan@example.com", TEST_PASSWORD)).status).toBe(200);
    expect((await signInResponse("dan@example.com", "wrong once more")).status).toBe(401);
    // Five failures within the window, but only one since the success: not locked.
    expect(await auditEntries(wh, "auth.sign_in_failed", "dan@example.com")).toHaveLength(LOCKOUT_FAILURES);
    expect((await signInResponse("dan@example.com", TEST_PASSWORD)).status).toBe(200);
  });

  it("signs out: the session row goes, the old cookie gets 401 on the API, and it is audited", async () => {
    await createUser(wh.sql, account("eve@example.com", "auditor"), "test");
    const signedIn = await signInResponse("eve@example.com", TEST_PASSWORD);
    const cookie = sessionCookieFrom(signedIn);
    expect((await getAuditRoute(auditRequest(cookie))).status).toBe(200);
    const sessions = () => wh.sql.query(`SELECT s.id FROM auth_session s JOIN auth_user u ON u.id = s.user_id WHERE u.email = 'eve@example.com'`);
    expect(await sessions()).toHaveLength(1);

    const out = await (await getAuth()).handler(new Request(`${TEST_ORIGIN}/api/auth/sign-out`, { method: "POST", headers: { cookie, origin: TEST_ORIGIN } }));
    expect(out.status).toBe(200);
    expect(await sessions()).toHaveLength(0);
    const after = await getAuditRoute(auditRequest(cookie));
    expect(after.status).toBe(401);
    expect(await after.json()).toMatchObject({ error: { code: "unauthenticated" } });
    expect(await auditEntries(wh, "auth.sign_out", "eve@example.com")).toEqual([expect.objectContaining({ actor: "eve@example.com" })]);
  });

  it("audits a 403 as auth.denied", async () => {
    const viewer = await sessionCookie("viewer");
    const res = await getAuditRoute(auditRequest(viewer));
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: { code: "forbidden", message: expect.stringContaining("viewer") } });
    expect(await auditEntries(wh, "auth.denied", "GET /api/audit")).toEqual([
      expect.objectContaining({ actor: "viewer@test.triad.local", entity_type: "route", detail: { permission: "audit_log", role: "viewer" } }),
    ]);
  });

  it("sees a role changed by another process once the viewer cache's few seconds are over", async () => {
    await createUser(wh.sql, account("fay@example.com", "auditor"), "test");
    const cookie = sessionCookieFrom(await signInResponse("fay@example.com", TEST_PASSWORD));
    expect((await getAuditRoute(auditRequest(cookie))).status).toBe(200);
    // As `triad user set-role` in another process would: straight to the table, no in-process notice.
    await wh.sql.query(`UPDATE auth_user SET role = 'viewer' WHERE email = 'fay@example.com'`);
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + VIEWER_CACHE_MS + 1 });
    try {
      expect((await getAuditRoute(auditRequest(cookie))).status).toBe(403);
    } finally {
      vi.useRealTimers();
    }
  });

  it("has no public sign-up", async () => {
    const res = await (await getAuth()).handler(
      new Request(`${TEST_ORIGIN}/api/auth/sign-up/email`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: TEST_ORIGIN },
        body: JSON.stringify({ email: "mallory@example.com", password: TEST_PASSWORD, name: "Mallory" }),
      }),
    );
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(await wh.sql.query(`SELECT 1 FROM auth_user WHERE email = 'mallory@example.com'`)).toEqual([]);
  });

  it("refuses a change from a foreign Origin with 403, storing nothing", async () => {
    const admin = await sessionCookie("admin");
    const count = async () => (await wh.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM annotation`))[0]?.n;
    const before = await count();
    const body = JSON.stringify({ title: "Planted", date: "2025-01-01", metricKeys: [] });
    const res = await postAnnotationRoute(
      new Request(`${TEST_ORIGIN}/api/annotations`, { method: "POST", headers: { cookie: admin, origin: "https://evil.example", host: "localhost", "content-type": "application/json" }, body }),
    );
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: { code: "forbidden", message: expect.stringContaining("https://evil.example") } });
    expect(await count()).toBe(before);
  });

  it("stores passwords hashed, the way Better Auth verifies them", async () => {
    const [row] = await wh.sql.query<{ password: string; provider_id: string }>(
      `SELECT a.password, a.provider_id FROM auth_account a JOIN auth_user u ON u.id = a.user_id WHERE u.email = 'ada@example.com'`,
    );
    expect(row?.provider_id).toBe("credential");
    expect(row?.password).not.toContain(TEST_PASSWORD);
    expect(row!.password.length).toBeGreaterThan(40);
    expect(await verifyPassword({ hash: row!.password, password: TEST_PASSWORD })).toBe(true);
    expect(await verifyPassword({ hash: row!.password, password: `${TEST_PASSWORD}!` })).toBe(false);
    // Salted: two accounts with the same password store different hashes.
    const hashes = await wh.sql.query<{ password: string }>(`SELECT password FROM auth_account a JOIN auth_user u ON u.id = a.user_id WHERE u.email IN ('ada@example.com', 'bob@example.com')`);
    expect(new Set(hashes.map((h) => h.password)).size).toBe(2);
  });
});

describe("a production deployment without TRIAD_AUTH_SECRET", () => {
  const productionEnv = () => {
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production", DATABASE_URL: "postgresql://postgres@127.0.0.1:1/triad_nowhere" };
    delete env.TRIAD_AUTH_SECRET;
    delete env.DATABASE_REPLICA_URL;
    return env;
  };

  it("is refused by `npm start` before anything is built", () => {
    const run = spawnSync(process.execPath, [path.join(ROOT, "lib/cli/start.mjs")], { cwd: ROOT, env: productionEnv(), encoding: "utf8", timeout: 60_000 });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/refusing to start: .*TRIAD_AUTH_SECRET/);
  });

  it("is refused by the environment check, and accepted with a secret", () => {
    const tsx = path.join(ROOT, "node_modules/.bin/tsx");
    const load = (env: NodeJS.ProcessEnv) =>
      spawnSync(tsx, ["-e", `import("./lib/env.ts").then((m) => console.log("production deployment:", m.isProductionDeployment()))`], { cwd: ROOT, env, encoding: "utf8", timeout: 60_000 });
    const refused = load(productionEnv());
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toMatch(/Invalid environment:\s+TRIAD_AUTH_SECRET: is not set/);

    const accepted = load({ ...productionEnv(), TRIAD_AUTH_SECRET: "a".repeat(32) });
    expect(accepted.stderr).toBe("");
    expect(accepted.stdout.trim()).toBe("production deployment: true");

    const short = load({ ...productionEnv(), TRIAD_AUTH_SECRET: "too short" });
    expect(short.status).not.toBe(0);
    expect(short.stderr).toMatch(/TRIAD_AUTH_SECRET: must be at least 32 characters/);
  });
});
