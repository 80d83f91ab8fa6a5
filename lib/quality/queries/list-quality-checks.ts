import "server-only";
import type { SqlExecutor } from "@/lib/db";
import type { QualityCheck } from "../check-schema";

interface CheckRow extends Record<string, unknown> {
  id: string;
  run_id?: string;
  node_kind: "table" | "rollup";
  node_name: string;
  check_name: QualityCheck["check"];
  status: QualityCheck["status"];
  column_name: string | null;
  expected: string | null;
  actual: string | null;
  message: string;
  detail: Record<string, unknown>;
  checked_at: Date | string;
}

export const toQualityCheck = (r: CheckRow): QualityCheck => ({
  id: r.id,
  ...(r.run_id ? { runId: r.run_id } : {}),
  nodeKind: r.node_kind,
  nodeName: r.node_name,
  check: r.check_name,
  status: r.status,
  column: r.column_name,
  expected: r.expected,
  actual: r.actual,
  message: r.message,
  detail: r.detail,
  checkedAt: (r.checked_at instanceof Date ? r.checked_at : new Date(r.checked_at)).toISOString(),
});

/** Every check linked to the given runs (table checks of the tables they read, and their rollup checks). */
export async function listRunQualityChecks(sql: SqlExecutor, runIds: readonly string[]): Promise<QualityCheck[]> {
  if (runIds.length === 0) return [];
  const rows = await sql.query<CheckRow>(
    `SELECT l.run_id, q.* FROM run_quality_check l JOIN quality_check q ON q.id = l.check_id
     WHERE l.run_id = ANY($1::text[]) ORDER BY q.node_kind DESC, q.node_name, q.check_name`,
    [`{${runIds.join(",")}}`],
  );
  return rows.map(toQualityCheck);
}

/** The checks of a metric's latest finished run: what a chart marks (a failed duplicate-key check names its days). */
export async function listMetricQualityChecks(sql: SqlExecutor, metricKey: string): Promise<QualityCheck[]> {
  const [run] = await sql.query<{ id: string }>(
    `SELECT id FROM metric_run WHERE metric_key = $1 AND status IN ('succeeded', 'failed') ORDER BY started_at DESC LIMIT 1`,
    [metricKey],
  );
  return run ? listRunQualityChecks(sql, [run.id]) : [];
}
