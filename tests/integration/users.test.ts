// Managing users through /api/users on both warehouses: accounts made by an
// admin sign in through the real Better Auth handler, role changes reach live
// sessions on their next request, and every change is in the audit log.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as auditRoute } from "@/app/api/audit/route";
import { GET as listAnnotationsRoute } from "@/app/api/annotations/route";
import { DELETE as deleteRoute, PATCH as patchRoute } from "@/app/api/users/[id]/route";
import { GET as listRoute, POST as createRoute } from "@/app/api/users/route";
import { deleteUserOrThrow } from "@/lib/auth/queries/delete-user-or-throw";
import { updateUserOrThrow } from "@/lib/auth/queries/update-user-or-throw";
import { CLI_ACTOR } from "@/lib/auth/queries/user-rows";
import {
  createdUserSchema,
  managedUserSchema,
  userListSchema,
  type ManagedUser,
} from "@/lib/auth/user-schema";
import { verifyAuditLog } from "@/lib/audit/verify-audit-log";
import type { Warehouse } from "@/lib/db";
import { ConflictError } from "@/lib/http/conflict-error";
import {
  sessionCookie,
  sessionCookieFrom,
  signInResponse,
  TEST_ORIGIN,
  testAccount,
} from "../support/auth";
import { WAREHOUSES, type TestWarehouse } from "../support/warehouses";

const state = vi.hoisted(() => ({ wh: undefined as Warehouse | undefined }));

vi.mock("@/lib/db", () => ({
  getWarehouse: async () => {
    if (!state.wh) throw new Error("no test warehouse");
    return state.wh;
  },
}));

const ADMIN = testAccount("admin").email;

const request = (
  path: string,
  cookie: string | null,
  init: { method?: string; body?: unknown } = {},
) =>
  new Request(`${TEST_ORIGIN}${path}`, {
    method: init.method ?? "GET",
    headers: {
      "content-type": "application/json",
      origin: TEST_ORIGIN,
      ...(cookie ? { cookie } : {}),
    },
    ...(init.body === undefined
      ? {}
      : { body: typeof init.body === "string" ? init.body : JSON.stringify(init.body) }),
  });
const idContext = (id: string) => ({ params: Promise.resolve({ id }) });

const create = (cookie: string | null, body: unknown) =>
  createRoute(request("/api/users", cookie, { method: "POST", body }));
const patch = (cookie: string | null, id: string, body: unknown) =>
  patchRoute(request(`/api/users/${id}`, cookie, { method: "PATCH", body }), idContext(id));
const remove = (cookie: string | null, id: string) =>
  deleteRoute(request(`/api/users/${id}`, cookie, { method: "DELETE" }), idContext(id));
const list = async (cookie: string) =>
  userListSchema.parse(await (await listRoute(request("/api/users", cookie))).json()).users;

async function signIn(email: string, password: string): Promise<string> {
  const res = await signInResponse(email, password);
  expect(res.status).toBe(200);
  return sessionCookieFrom(res);
}

describe.each(WAREHOUSES)("users on $name", (factory) => {
  let wh: TestWarehouse;
  let admin: string;
  let adminId: string;

  const auditOf = (email: string) =>
    wh.sql.query<{ actor: string; action: string; detail: Record<string, unknown> }>(
      `SELECT actor, action, detail FROM audit_log WHERE entity_type = 'user' AND entity_id = $1 AND action LIKE 'user.%' ORDER BY seq`,
      [email],
    );

  beforeAll(async () => {
    wh = await factory.open();
    state.wh = wh;
    admin = await sessionCookie("admin");
    const [row] = await wh.sql.query<{ id: string }>(`SELECT id FROM auth_user WHERE email = $1`, [
      ADMIN,
    ]);
    adminId = row!.id;
  });
  afterAll(async () => {
    state.wh = undefined;
    await wh?.dispose();
  });

  let nora: ManagedUser;
  let noraCookie: string;

  it("creates a user with a generated password shown once, who signs in with it", async () => {
    const res = await create(admin, {
      email: " Nora@Example.com ",
      name: "Nora N",
      role: "analyst",
      groups: ["ops", "ops"],
    });
    expect(res.status).toBe(201);
    const body = createdUserSchema.parse(await res.json());
    expect(body.user).toMatchObject({
      email: "nora@example.com",
      name: "Nora N",
      role: "analyst",
      groups: ["ops"],
      lastSignInAt: null,
    });
    expect(body.generatedPassword).toMatch(/^[A-Za-z0-9]{20}$/);
    nora = body.user;
    // Only a hash is kept.
    const [account] = await wh.sql.query<{ password: string }>(
      `SELECT password FROM auth_account WHERE user_id = $1`,
      [nora.id],
    );
    expect(account!.password).not.toContain(body.generatedPassword!);

    noraCookie = await signIn("nora@example.com", body.generatedPassword!);
    const listed = (await list(admin)).find((u) => u.id === nora.id);
    expect(listed?.lastSignInAt).toEqual(expect.any(String));
    expect(await auditOf("nora@example.com")).toEqual([
      { actor: ADMIN, action: "user.create", detail: { role: "analyst", groups: ["ops"] } },
    ]);
  });

  it("keeps a given password (at least 12 characters) and answers no generated one", async () => {
    const res = await create(admin, {
      email: "omar@example.com",
      role: "viewer",
      password: "a long enough password",
    });
    expect(res.status).toBe(201);
    const body = createdUserSchema.parse(await res.json());
    expect(body.generatedPassword).toBeNull();
    expect(body.user.name).toBe("omar");
    await signIn("omar@example.com", "a long enough password");
  });

  it("changes a role that the same session sees on its next request, audited with before and after", async () => {
    expect((await auditRoute(request("/api/audit", noraCookie))).status).toBe(403);
    const res = await patch(admin, nora.id, { role: "auditor", groups: ["finance"] });
    expect(res.status).toBe(200);
    expect(managedUserSchema.parse(await res.json())).toMatchObject({
      id: nora.id,
      role: "auditor",
      groups: ["finance"],
    });
    expect((await auditRoute(request("/api/audit", noraCookie))).status).toBe(200);

    // Groups alone; the role stays.
    const groupsOnly = await patch(admin, nora.id, { groups: [] });
    expect(await groupsOnly.json()).toMatchObject({ role: "auditor", groups: [] });
    const changes = (await auditOf("nora@example.com")).filter(
      (e) => e.action === "user.role_change",
    );
    expect(changes).toEqual([
      {
        actor: ADMIN,
        action: "user.role_change",
        detail: {
          before: { role: "analyst", groups: ["ops"] },
          after: { role: "auditor", groups: ["finance"] },
        },
      },
      {
        actor: ADMIN,
        action: "user.role_change",
        detail: {
          before: { role: "auditor", groups: ["finance"] },
          after: { role: "auditor", groups: [] },
        },
      },
    ]);
    // Saving what is already stored writes nothing.
    await patch(admin, nora.id, { role: "auditor" });
    expect((await auditOf("nora@example.com")).length).toBe(3);
  });

  it("answers 403 on every users route to a signed-in non-admin, and 401 without a session", async () => {
    for (const cookie of [noraCookie, await sessionCookie("analyst")]) {
      expect((await listRoute(request("/api/users", cookie))).status).toBe(403);
      expect((await create(cookie, { email: "x@example.com", role: "admin" })).status).toBe(403);
      expect((await patch(cookie, nora.id, { role: "admin" })).status).toBe(403);
      expect((await remove(cookie, adminId)).status).toBe(403);
    }
    const anonymous = await listRoute(request("/api/users", null));
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ error: { code: "unauthenticated" } });
    expect((await create(null, { email: "x@example.com", role: "admin" })).status).toBe(401);
    const [{ n } = { n: -1 }] = await wh.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM auth_user WHERE email = 'x@example.com'`,
    );
    expect(n).toBe(0);
    expect((await list(admin)).find((u) => u.id === nora.id)?.role).toBe("auditor");
  });

  it("refuses an admin removing their own admin role or account, and demoting or deleting the last admin", async () => {
    const self = await patch(admin, adminId, { role: "viewer" });
    expect(self.status).toBe(409);
    expect(await self.json()).toMatchObject({
      error: { code: "conflict", message: expect.stringContaining("your own admin role") },
    });
    // Changing one's own groups is fine.
    expect((await patch(admin, adminId, { role: "admin", groups: ["ops"] })).status).toBe(200);
    const deleteSelf = await remove(admin, adminId);
    expect(deleteSelf.status).toBe(409);
    expect(await deleteSelf.json()).toMatchObject({
      error: { message: expect.stringContaining("your own account") },
    });

    // The command line is no admin's session: only the last-admin rule stops it.
    await expect(updateUserOrThrow(wh.sql, adminId, { role: "viewer" }, CLI_ACTOR)).rejects.toThrow(
      ConflictError,
    );
    await expect(updateUserOrThrow(wh.sql, adminId, { role: "viewer" }, CLI_ACTOR)).rejects.toThrow(
      /last admin/,
    );
    await expect(deleteUserOrThrow(wh.sql, adminId, CLI_ACTOR)).rejects.toThrow(/last admin/);

    // With a second admin, the first may be demoted by someone else.
    expect((await patch(admin, nora.id, { role: "admin" })).status).toBe(200);
    const both = await Promise.allSettled([
      updateUserOrThrow(wh.sql, nora.id, { role: "viewer" }, CLI_ACTOR),
      updateUserOrThrow(wh.sql, adminId, { role: "viewer" }, CLI_ACTOR),
    ]);
    // Demoting both admins at once: one wins, the other finds it is the last.
    expect(both.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const [{ n } = { n: 0 }] = await wh.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM auth_user WHERE role = 'admin'`,
    );
    expect(n).toBe(1);
    // Back to the starting point: the test admin is the admin, Nora an auditor.
    await wh.sql.query(
      `UPDATE auth_user SET role = CASE WHEN id = $1 THEN 'admin' ELSE 'auditor' END, groups = '{}' WHERE id IN ($1, $2)`,
      [adminId, nora.id],
    );
  });

  it("answers 409 for a taken email, whatever its case", async () => {
    const res = await create(admin, { email: "NORA@example.com", role: "viewer" });
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({
      error: { code: "conflict", message: expect.stringContaining("nora@example.com") },
    });
  });

  it.each([
    ["an email that is none", { email: "nora", role: "viewer" }, "email"],
    ["an unknown role", { email: "p@example.com", role: "owner" }, "role"],
    ["a short password", { email: "p@example.com", role: "viewer", password: "short" }, "password"],
    [
      "a malformed group",
      { email: "p@example.com", role: "viewer", groups: ["ok", "Not OK"] },
      "groups.1",
    ],
    ["an unknown field", { email: "p@example.com", role: "viewer", isAdmin: true }, undefined],
  ])("answers 400 to a create with %s, naming the field", async (_case, body, parameter) => {
    const res = await create(admin, body);
    expect(res.status).toBe(400);
    const error = (
      (await res.json()) as { error: { code: string; parameter?: string; message: string } }
    ).error;
    expect(error.code).toBe("bad_request");
    expect(error.parameter).toBe(parameter);
    if (!parameter) expect(error.message).toContain("isAdmin");
  });

  it("answers 400 to a change naming nothing or a bad role, and 404 for an unknown user", async () => {
    const empty = await patch(admin, nora.id, {});
    expect(empty.status).toBe(400);
    expect(await empty.json()).toMatchObject({
      error: { message: expect.stringContaining("role or groups") },
    });
    expect(await (await patch(admin, nora.id, { role: "root" })).json()).toMatchObject({
      error: { parameter: "role" },
    });
    expect((await patch(admin, nora.id, "{")).status).toBe(400);
    expect((await patch(admin, "no-such-user", { role: "viewer" })).status).toBe(404);
  });

  it("deletes a user with their sessions, audited, so their cookie stops working at once", async () => {
    expect((await listAnnotationsRoute(request("/api/annotations", noraCookie))).status).toBe(200);
    const res = await remove(admin, nora.id);
    expect(res.status).toBe(204);
    expect((await listAnnotationsRoute(request("/api/annotations", noraCookie))).status).toBe(401);
    expect((await list(admin)).map((u) => u.email)).not.toContain("nora@example.com");
    const [{ n } = { n: -1 }] = await wh.sql.query<{ n: number }>(
      `SELECT (SELECT count(*) FROM auth_session WHERE user_id = $1) + (SELECT count(*) FROM auth_account WHERE user_id = $1) AS n`,
      [nora.id],
    );
    expect(Number(n)).toBe(0);
    expect((await auditOf("nora@example.com")).at(-1)).toEqual({
      actor: ADMIN,
      action: "user.delete",
      detail: { before: { name: "Nora N", role: "auditor", groups: [] }, sessionsEnded: 1 },
    });
    expect((await remove(admin, nora.id)).status).toBe(404);
    expect((await signInResponse("nora@example.com", "whatever it was")).status).toBe(401);
    expect(await verifyAuditLog(wh.sql)).toMatchObject({ ok: true });
  });
});
