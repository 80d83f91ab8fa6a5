import "server-only";
import type { SqlExecutor, SqlParam } from "@/lib/db";
import { quoteIdent, type CompiledMetric } from "@/lib/metrics/compiler";
import type { MetricDefinition, MetricFilter } from "@/lib/metrics/definition-schema";
import { reconciles, type NewQualityCheck } from "./check-schema";

// Written apart from the compiler on purpose: the reconciliation recomputes
// the total from the raw rows by a second, independent route.
function filterSql(f: MetricFilter, bind: (v: SqlParam) => string): string {
  const c = quoteIdent(f.column);
  switch (f.op) {
    case "is_null":
      return `${c} IS NULL`;
    case "not_null":
      return `${c} IS NOT NULL`;
    case "in":
    case "not_in":
      return `${c} ${f.op === "in" ? "IN" : "NOT IN"} (${f.value.map(bind).join(", ")})`;
    default:
      return `${c} ${{ eq: "=", neq: "<>", gt: ">", gte: ">=", lt: "<", lte: "<=" }[f.op]} ${bind(f.value)}`;
  }
}

/** Row counts in and out of one run, and the rollup's total against the raw rows where that is defined. */
export async function rollupChecks(sql: SqlExecutor, d: MetricDefinition, compiled: CompiledMetric, counts: { inputRows: number; outputRows: number }): Promise<NewQualityCheck[]> {
  const node = `metric_value/${d.key}`;
  const rowCount: NewQualityCheck = {
    nodeKind: "rollup",
    nodeName: node,
    check: "row_count",
    status: counts.inputRows > 0 && counts.outputRows === 0 ? "fail" : "pass",
    column: null,
    expected: counts.inputRows > 0 ? "> 0 points from a non-empty input" : "any",
    actual: String(counts.outputRows),
    message: `${counts.inputRows} input rows in, ${counts.outputRows} points out`,
    detail: { inputRows: counts.inputRows, outputRows: counts.outputRows },
  };
  const na = (message: string): NewQualityCheck => ({ nodeKind: "rollup", nodeName: node, check: "reconciliation", status: "not_applicable", column: null, expected: null, actual: null, message, detail: {} });
  if (d.kind === "ratio" || d.kind === "derived") return [rowCount, na("computed from input metrics' stored points; their own checks reconcile them with the raw data")];
  if (d.kind !== "aggregate") return [rowCount, na(`a ${d.kind.replace("_", " ")} series has no period total that adds up to the raw rows`)];
  const { fn, column } = d.aggregate;
  if (fn === "avg" || fn === "count_distinct") return [rowCount, na(`${fn} does not add up across periods`)];
  const params: SqlParam[] = [d.key, compiled.grains[0] ?? "day"];
  const bind = (v: SqlParam) => {
    params.push(v);
    return `$${params.length}`;
  };
  const where = [`${quoteIdent(d.time_column)} IS NOT NULL`, ...d.filters.map((f) => filterSql(f, bind))];
  const rawAgg = fn === "count" ? (column ? `count(${quoteIdent(column)})` : "count(*)") : `${fn}(${quoteIdent(column!)})`;
  const pointAgg = fn === "count" ? "sum" : fn;
  const statement = `SELECT (SELECT ${rawAgg}::double precision FROM ${quoteIdent(compiled.input.kind === "table" ? compiled.input.schema : "public")}.${quoteIdent(d.table)} WHERE ${where.join(" AND ")}) AS raw,
  (SELECT ${pointAgg}(value) FROM metric_value WHERE metric_key = $1 AND grain = $2 AND dimension = '') AS rollup`;
  const [row] = await sql.query<{ raw: number | null; rollup: number | null }>(statement, params);
  const raw = row?.raw ?? null;
  const rollup = row?.rollup ?? null;
  const ok = reconciles(raw === null ? null : Number(raw), rollup === null ? null : Number(rollup), fn === "count");
  return [
    rowCount,
    {
      nodeKind: "rollup",
      nodeName: node,
      check: "reconciliation",
      status: ok ? "pass" : "fail",
      column: column ?? null,
      expected: raw === null ? null : String(raw),
      actual: rollup === null ? null : String(rollup),
      message: ok
        ? `${pointAgg} of the ${params[1]} totals equals ${rawAgg} over the filtered raw rows (${raw})`
        : `${pointAgg} of the ${params[1]} totals is ${rollup}, but ${rawAgg} over the filtered raw rows is ${raw}`,
      detail: { sql: statement, raw, rollup },
    },
  ];
}
