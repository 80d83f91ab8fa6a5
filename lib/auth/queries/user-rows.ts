import "server-only";
import type { SqlExecutor } from "@/lib/db";
import { NotFoundError } from "@/lib/http/errors";
import { roleSchema } from "../roles";
import type { ManagedUser } from "../user-schema";

/** Who changes an account: a signed-in admin (userId set) or the command line (userId null). */
export interface UserAdminActor {
  email: string;
  userId: string | null;
}

export const CLI_ACTOR: UserAdminActor = { email: "cli", userId: null };

export interface UserRow extends Record<string, unknown> {
  id: string;
  email: string;
  name: string;
  role: string;
  groups: string[];
  created_at: string;
  last_sign_in_at: string | null;
}

// Sign-ins are audited with the lower-cased email as entity_id (lib/auth/sign-in-audit.ts).
export const USER_SELECT = `
  SELECT u.id, u.email, u.name, u.role, u.groups,
         to_char(u.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at,
         (SELECT to_char(max(a.at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
            FROM audit_log a
           WHERE a.entity_type = 'user' AND a.entity_id = lower(u.email) AND a.action = 'auth.sign_in') AS last_sign_in_at
    FROM auth_user u`;

export function toManagedUser(row: UserRow): ManagedUser {
  // A role written outside Triad reads as the least one; getViewer treats such an account as signed out.
  const role = roleSchema.safeParse(row.role);
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: role.success ? role.data : "viewer",
    groups: row.groups ?? [],
    createdAt: row.created_at,
    lastSignInAt: row.last_sign_in_at,
  };
}

export const userNotFound = (id: string) => new NotFoundError(`No user has the id ${id}.`, "id");

export async function getUserOrThrow(sql: SqlExecutor, id: string): Promise<ManagedUser> {
  const [row] = await sql.query<UserRow>(`${USER_SELECT} WHERE u.id = $1`, [id]);
  if (!row) throw userNotFound(id);
  return toManagedUser(row);
}

/**
 * Locks every admin row, then the target row, in that order, for the rest of
 * the transaction: two requests demoting or deleting the last two admins at
 * once are serialised, and the second sees one admin left.
 */
export async function lockForAdminChange(
  tx: SqlExecutor,
  id: string,
): Promise<{
  target: { id: string; email: string; name: string; role: string; groups: string[] } | undefined;
  admins: string[];
}> {
  const admins = await tx.query<{ id: string }>(
    `SELECT id FROM auth_user WHERE role = 'admin' ORDER BY id FOR UPDATE`,
  );
  const [target] = await tx.query<{
    id: string;
    email: string;
    name: string;
    role: string;
    groups: string[];
  }>(`SELECT id, email, name, role, groups FROM auth_user WHERE id = $1 FOR UPDATE`, [id]);
  return { target, admins: admins.map((a) => a.id) };
}
