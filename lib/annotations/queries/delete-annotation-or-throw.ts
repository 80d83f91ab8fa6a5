import "server-only";
import { appendAuditEntries } from "@/lib/audit/append-audit-entry";
import type { SqlClient } from "@/lib/db";
import { type AnnotationRow, EVENT_COLUMNS, toAnnotation } from "./annotation-records";
import { auditDetail } from "./create-annotation";
import { notFound } from "./get-annotation-or-throw";

/** Deletes an annotation and appends "annotation.deleted", with what it said, to the audit log in one transaction. */
export async function deleteAnnotationOrThrow(
  sql: SqlClient,
  id: string,
  actor: string,
): Promise<void> {
  await sql.transaction(async (tx) => {
    const [row] = await tx.query<AnnotationRow>(
      `DELETE FROM annotation WHERE id = $1 RETURNING ${EVENT_COLUMNS}`,
      [id],
    );
    if (!row) throw notFound(id);
    await appendAuditEntries(tx, [
      {
        actor,
        action: "annotation.deleted",
        entityType: "annotation",
        entityId: id,
        detail: auditDetail(toAnnotation(row)),
      },
    ]);
  });
}
