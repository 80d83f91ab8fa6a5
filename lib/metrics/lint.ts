import "server-only";
import type { SqlExecutor } from "@/lib/db";
import { compileAll, type CompiledMetric } from "./compiler";
import { dependencyOrder, loadMetricFiles, type LintIssue, type MetricFile } from "./loader";
import { getWarehouseColumns } from "./warehouse-columns";

export interface CheckedMetrics {
  /** In dependency order: every metric after the metrics it uses. */
  metrics: MetricFile[];
  compiled: Map<string, CompiledMetric>;
  issues: LintIssue[];
}

/** Loads the metric files and compiles each against the warehouse's real columns. */
export async function checkMetricFiles(sql: SqlExecutor, dir: string): Promise<CheckedMetrics> {
  const loaded = loadMetricFiles(dir);
  const metrics = dependencyOrder(loaded.metrics);
  const { schema, columns } = await getWarehouseColumns(sql);
  const { compiled, errors } = compileAll(
    metrics.map((m) => m.definition),
    { columns, schema },
  );
  const issues = [...loaded.issues];
  for (const m of metrics) {
    const error = errors.get(m.definition.key);
    if (error) issues.push({ file: m.path, line: m.lineOf(error.field.split(".").map((p) => (/^\d+$/.test(p) ? Number(p) : p))), field: error.field, message: error.message.slice(error.field.length + 2) });
  }
  return { metrics, compiled, issues };
}
