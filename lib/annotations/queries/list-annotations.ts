import "server-only";
import type { SqlExecutor } from "@/lib/db";
import { PIPELINE_ACTOR } from "@/lib/lineage/record-run";
import type { Annotation, ListAnnotationsQuery } from "../annotation-schema";
import { type AnnotationRow, EVENT_COLUMNS, toAnnotation } from "./annotation-records";

/**
 * Annotations overlapping [from, to] (either end open), on `metric` when
 * given, newest first: the stored events, and a "Definition changed" on the
 * day each version after a metric's first was loaded, derived from
 * metric_definition_version. One query. Only what the viewer may see
 * (`visible`, from readMetricVisibility): an annotation whose metrics are all
 * hidden is left out, hidden keys are dropped from the rest.
 */
export async function listAnnotations(
  sql: SqlExecutor,
  visible: (key: string) => boolean,
  query: ListAnnotationsQuery = {},
): Promise<Annotation[]> {
  const rows = await sql.query<AnnotationRow>(
    `SELECT * FROM (
       SELECT ${EVENT_COLUMNS}
         FROM annotation
        WHERE $1::text IS NULL OR cardinality(metric_keys) = 0 OR $1::text = ANY(metric_keys)
       UNION ALL
       SELECT 'definition_change', v.id, 'Definition changed',
              'Version ' || v.id || ' of the definition replaced ' || v.previous_id || '.',
              (v.loaded_at AT TIME ZONE 'UTC')::date::text, NULL, ARRAY[v.metric_key], v.loaded_at, $4::text,
              '/metrics/' || v.metric_key || '/definition?version=' || v.id || '&from=' || v.previous_id || '&to=' || v.id || '#diff'
         FROM (SELECT id, metric_key, loaded_at, lag(id) OVER (PARTITION BY metric_key ORDER BY loaded_at, id) AS previous_id
                 FROM metric_definition_version
                WHERE $1::text IS NULL OR metric_key = $1::text) v
        WHERE v.previous_id IS NOT NULL
     ) a
     WHERE ($2::date IS NULL OR coalesce(a.ends_on, a.starts_on)::date >= $2::date)
       AND ($3::date IS NULL OR a.starts_on::date <= $3::date)
     ORDER BY a.starts_on DESC, a.created_at DESC, a.id`,
    [query.metric ?? null, query.from ?? null, query.to ?? null, PIPELINE_ACTOR],
  );
  return rows.map(toAnnotation).flatMap((a) => {
    if (!a.metricKeys || a.metricKeys.length === 0) return [a];
    const metricKeys = a.metricKeys.filter(visible);
    return metricKeys.length === 0 ? [] : [{ ...a, metricKeys }];
  });
}
