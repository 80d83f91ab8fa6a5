import "server-only";
import type { SqlExecutor } from "@/lib/db";
import type { ManagedUser } from "../user-schema";
import { toManagedUser, USER_SELECT, type UserRow } from "./user-rows";

/** Every account, by email, with its last sign-in from the audit log. */
export async function listUsers(sql: SqlExecutor): Promise<ManagedUser[]> {
  const rows = await sql.query<UserRow>(`${USER_SELECT} ORDER BY u.email`);
  return rows.map(toManagedUser);
}
