import "server-only";
import { appendAuditEntries } from "@/lib/audit/append-audit-entry";
import type { SqlClient } from "@/lib/db";
import { forgetCachedViewers } from "../session-cache";
import { ConflictError } from "@/lib/http/conflict-error";
import { lockForAdminChange, userNotFound, type UserAdminActor } from "./user-rows";

/**
 * Deletes an account, its password and its sessions (so a copied cookie stops
 * working at once) and appends "user.delete" with what it was, in one
 * transaction. 409 for one's own account and for the last admin.
 */
export async function deleteUserOrThrow(
  sql: SqlClient,
  id: string,
  actor: UserAdminActor,
): Promise<void> {
  await sql.transaction(async (tx) => {
    const { target, admins } = await lockForAdminChange(tx, id);
    if (!target) throw userNotFound(id);
    if (actor.userId === target.id)
      throw new ConflictError("You cannot delete your own account; another admin has to.");
    if (target.role === "admin" && admins.length <= 1)
      throw new ConflictError(
        `${target.email} is the last admin; make another user admin first, so someone can still manage users.`,
      );
    const sessions = await tx.query<{ id: string }>(
      `DELETE FROM auth_session WHERE user_id = $1 RETURNING id`,
      [id],
    );
    await tx.query(`DELETE FROM auth_account WHERE user_id = $1`, [id]);
    await tx.query(`DELETE FROM auth_user WHERE id = $1`, [id]);
    await appendAuditEntries(tx, [
      {
        actor: actor.email,
        action: "user.delete",
        entityType: "user",
        entityId: target.email,
        detail: {
          before: { name: target.name, role: target.role, groups: target.groups ?? [] },
          sessionsEnded: sessions.length,
        },
      },
    ]);
  });
  // A copied cookie of the deleted account stops working at once here too.
  forgetCachedViewers();
}
