import "server-only";
import type { SqlExecutor } from "@/lib/db";
import { type QualityIssue, toQualityIssues } from "@/lib/metrics/chart-marks";
import type { MetricDefinition } from "@/lib/metrics/definition-schema";
import { composedInputs } from "@/lib/metrics/lint-issue";
import { toQualityCheck } from "./list-quality-checks";

/** The metric and every metric it reads, transitively (ratio and derived inputs). */
export function metricClosure(key: string, definitionOf: (key: string) => MetricDefinition | undefined): string[] {
  const seen = new Set<string>([key]);
  const queue = [key];
  while (queue.length > 0) {
    const d = definitionOf(queue.shift()!);
    for (const input of d ? composedInputs(d) : []) {
      if (seen.has(input.key)) continue;
      seen.add(input.key);
      queue.push(input.key);
    }
  }
  return [...seen];
}

/**
 * Failed and warning checks in the latest finished run of the metric and of
 * every metric it reads: a duplicated load in orders also marks ARPU, which
 * reads revenue. One query.
 */
export async function listMetricQualityIssues(
  sql: SqlExecutor,
  key: string,
  definitionOf: (key: string) => MetricDefinition | undefined,
): Promise<QualityIssue[]> {
  const keys = metricClosure(key, definitionOf);
  const rows = await sql.query<Parameters<typeof toQualityCheck>[0] & { metric_key: string }>(
    `WITH latest AS (
       SELECT DISTINCT ON (metric_key) id, metric_key
         FROM metric_run
        WHERE metric_key = ANY($1::text[]) AND status IN ('succeeded', 'failed')
        ORDER BY metric_key, started_at DESC
     )
     SELECT latest.metric_key, l.run_id, q.*
       FROM latest
       JOIN run_quality_check l ON l.run_id = latest.id
       JOIN quality_check q ON q.id = l.check_id
      WHERE q.status IN ('fail', 'warn')`,
    // Metric keys are identifiers ([a-z0-9_]), safe in an array literal.
    [`{${keys.join(",")}}`],
  );
  return toQualityIssues(rows.map((r) => ({ check: toQualityCheck(r), via: r.metric_key === key ? null : r.metric_key })));
}
