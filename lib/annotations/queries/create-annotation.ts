import "server-only";
import { randomUUID } from "node:crypto";
import { appendAuditEntries } from "@/lib/audit/append-audit-entry";
import type { SqlClient } from "@/lib/db";
import type { Annotation, CreateAnnotationBody } from "../annotation-schema";
import { type AnnotationRow, EVENT_COLUMNS, keysParam, toAnnotation } from "./annotation-records";
import { assertMetricKeysExist } from "./assert-metric-keys-exist";

/**
 * Stores an annotation and appends "annotation.created" to the audit log, in
 * one transaction. `createdBy` is the signed-in viewer's email (or the demo's
 * author), never a name the request gives.
 */
export async function createAnnotation(
  sql: SqlClient,
  body: CreateAnnotationBody,
  createdBy: string,
): Promise<Annotation> {
  await assertMetricKeysExist(sql, body.metricKeys);
  return sql.transaction(async (tx) => {
    const [row] = await tx.query<AnnotationRow>(
      `INSERT INTO annotation (id, title, description, starts_on, ends_on, metric_keys, created_by)
       VALUES ($1, $2, $3, $4::date, $5::date, $6::text[], $7)
       RETURNING ${EVENT_COLUMNS}`,
      [
        randomUUID(),
        body.title,
        body.description,
        body.startsOn,
        body.endsOn,
        keysParam(body.metricKeys),
        createdBy,
      ],
    );
    const annotation = toAnnotation(row!);
    await appendAuditEntries(tx, [
      {
        actor: createdBy,
        action: "annotation.created",
        entityType: "annotation",
        entityId: annotation.id,
        detail: auditDetail(annotation),
      },
    ]);
    return annotation;
  });
}

/** What the audit log keeps of an annotation: everything a reader needs to see what was claimed. */
export const auditDetail = (a: Annotation) => ({
  title: a.title,
  description: a.description,
  startsOn: a.startsOn,
  endsOn: a.endsOn,
  metricKeys: a.metricKeys,
});
