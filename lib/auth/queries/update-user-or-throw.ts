import "server-only";
import { appendAuditEntries } from "@/lib/audit/append-audit-entry";
import type { SqlClient } from "@/lib/db";
import { forgetCachedViewers } from "../session-cache";
import { ConflictError } from "@/lib/http/conflict-error";
import type { ManagedUser, UpdateUserBody } from "../user-schema";
import { getUserOrThrow, lockForAdminChange, userNotFound, type UserAdminActor } from "./user-rows";

/**
 * Sets a user's role and/or groups and appends "user.role_change" with the
 * values before and after, in one transaction. Sessions stay valid and see
 * the change on their next request (the role is read per request). 409 when
 * an admin would remove their own admin role or the last admin would go.
 */
export async function updateUserOrThrow(
  sql: SqlClient,
  id: string,
  body: UpdateUserBody,
  actor: UserAdminActor,
): Promise<ManagedUser> {
  await sql.transaction(async (tx) => {
    const { target, admins } = await lockForAdminChange(tx, id);
    if (!target) throw userNotFound(id);
    const before = { role: target.role, groups: target.groups ?? [] };
    const after = { role: body.role ?? before.role, groups: body.groups ?? before.groups };
    const demoted = before.role === "admin" && after.role !== "admin";
    if (demoted && actor.userId === target.id)
      throw new ConflictError(
        "You cannot remove your own admin role: another admin has to do it, so the app is never left without one by mistake.",
      );
    if (demoted && admins.length <= 1)
      throw new ConflictError(
        `${target.email} is the last admin; make another user admin first, so someone can still manage users.`,
      );
    const unchanged =
      after.role === before.role && after.groups.join("\n") === before.groups.join("\n");
    if (unchanged) return;
    await tx.query(
      `UPDATE auth_user SET role = $2, groups = ARRAY(SELECT jsonb_array_elements_text($3::jsonb)), updated_at = now() WHERE id = $1`,
      [id, after.role, JSON.stringify(after.groups)],
    );
    await appendAuditEntries(tx, [
      {
        actor: actor.email,
        action: "user.role_change",
        entityType: "user",
        entityId: target.email,
        detail: { before, after },
      },
    ]);
  });
  // Signed-in sessions of this user see the change on their next request here.
  forgetCachedViewers();
  return getUserOrThrow(sql, id);
}
