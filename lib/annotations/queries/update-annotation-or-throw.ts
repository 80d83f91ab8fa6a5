import "server-only";
import { appendAuditEntries } from "@/lib/audit/append-audit-entry";
import type { SqlClient } from "@/lib/db";
import { BadRequestError } from "@/lib/http/errors";
import type { Annotation, UpdateAnnotationBody } from "../annotation-schema";
import { type AnnotationRow, EVENT_COLUMNS, keysParam, toAnnotation } from "./annotation-records";
import { assertMetricKeysExist } from "./assert-metric-keys-exist";
import { auditDetail } from "./create-annotation";
import { getAnnotationOrThrow } from "./get-annotation-or-throw";

/**
 * Changes the fields given and appends "annotation.updated" with the values
 * before and after to the audit log, in one transaction. The range is checked
 * as it will be stored: a new start after the stored end is a 400 on endsOn.
 */
export async function updateAnnotationOrThrow(
  sql: SqlClient,
  id: string,
  body: UpdateAnnotationBody,
  actor: string,
): Promise<Annotation> {
  if (body.metricKeys !== undefined) await assertMetricKeysExist(sql, body.metricKeys);
  return sql.transaction(async (tx) => {
    const before = await getAnnotationOrThrow(tx, id, true);
    const next = {
      title: body.title ?? before.title,
      description: body.description === undefined ? before.description : body.description,
      startsOn: body.startsOn ?? before.startsOn,
      endsOn: body.endsOn === undefined ? before.endsOn : body.endsOn,
      metricKeys: body.metricKeys === undefined ? before.metricKeys : body.metricKeys,
    };
    if (next.endsOn !== null && next.endsOn < next.startsOn)
      throw new BadRequestError(
        "endsOn",
        `endsOn: must not be before the start date (${next.startsOn}); the annotation would end on ${next.endsOn}.`,
      );
    const [row] = await tx.query<AnnotationRow>(
      `UPDATE annotation SET title = $2, description = $3, starts_on = $4::date, ends_on = $5::date, metric_keys = $6::text[]
        WHERE id = $1 RETURNING ${EVENT_COLUMNS}`,
      [id, next.title, next.description, next.startsOn, next.endsOn, keysParam(next.metricKeys)],
    );
    const after = toAnnotation(row!);
    await appendAuditEntries(tx, [
      {
        actor,
        action: "annotation.updated",
        entityType: "annotation",
        entityId: id,
        detail: { before: auditDetail(before), after: auditDetail(after) },
      },
    ]);
    return after;
  });
}
