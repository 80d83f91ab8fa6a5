import "server-only";
import type { SqlExecutor, SqlParam } from "@/lib/db";
import { quoteIdent, type CompiledMetric } from "@/lib/metrics/compiler";
import type { MetricDefinition, MetricFilter, SourcedMetricDefinition } from "@/lib/metrics/definition-schema";
import { createHash } from "node:crypto";
import { allDaysSql, currentWatch, perDaySql, readSourceDays } from "@/lib/pipeline/source-days";
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

/**
 * The raw total from per-day totals kept in metric_check_day: only the days
 * whose source fingerprint changed since they were read are read again (by
 * their time range, so through an index on the time column). Null when the
 * source days are not kept for the metric's table. Counts and numeric sums add
 * up exactly; float sums within the check's tolerance.
 */
async function rawFromSourceDays(
  sql: SqlExecutor,
  d: SourcedMetricDefinition & { kind: "aggregate" },
  schema: string,
  rawAgg: string,
  fn: "count" | "sum" | "min" | "max",
  filters: readonly string[],
  filterParams: readonly SqlParam[],
): Promise<{ raw: number | null; reread: number; days: number } | null> {
  const watch = await currentWatch(sql, schema, d.table, d.time_column);
  if (!watch) return null;
  const source = { schema, table: d.table, timeColumn: d.time_column, timeType: watch.timeType };
  const spec = createHash("sha256").update(JSON.stringify([schema, d.table, d.time_column, watch.timeType, rawAgg, filters, filterParams.map(String)])).digest("hex").slice(0, 24);
  const current = await readSourceDays(sql, schema, d.table, d.time_column);
  const stored = new Map(
    (await sql.query<{ day: string; spec: string; fingerprint: string }>(`SELECT day::text AS day, spec, fingerprint FROM metric_check_day WHERE metric_key = $1`, [d.key])).map((r) => [r.day, r]),
  );
  const gone = [...stored.keys()].filter((day) => !current.has(day) || stored.get(day)!.spec !== spec);
  const reread = [...current].filter(([day, fp]) => stored.get(day)?.spec !== spec || stored.get(day)?.fingerprint !== fp).map(([day]) => day);
  if (gone.length > 0) await sql.query(`DELETE FROM metric_check_day WHERE metric_key = $1 AND day = ANY($2::date[])`, [d.key, `{${gone.join(",")}}`]);
  if (reread.length > 0) {
    // Filter placeholders ($3 on) follow the fixed ones here ($1 key, $2 spec, $3 days, $4 fingerprints).
    const shift = (w: string) => w.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + 2}`);
    const select = `count(*) AS n, (${rawAgg})::numeric AS raw`;
    const where = filters.map(shift);
    const everyDay = stored.size === 0 || reread.length === current.size;
    const statement = everyDay ? allDaysSql(source, select, where) : perDaySql(source, select, where, "$3", reread.length);
    const fps = `{${reread.map((day) => `"${day}=${current.get(day)}"`).join(",")}}`;
    await sql.query(
      `WITH f(day, n, raw) AS (SELECT day, n, raw FROM (${statement}) s),
         fp AS (SELECT split_part(x, '=', 1)::date AS day, split_part(x, '=', 2) AS fingerprint FROM unnest($4::text[]) x WHERE $3::date[] IS NOT NULL)
       INSERT INTO metric_check_day (metric_key, day, spec, fingerprint, raw)
       SELECT $1, fp.day, $2, fp.fingerprint, f.raw FROM fp LEFT JOIN f ON f.day::date = fp.day
       ON CONFLICT (metric_key, day) DO UPDATE SET spec = EXCLUDED.spec, fingerprint = EXCLUDED.fingerprint, raw = EXCLUDED.raw`,
      [d.key, spec, `{${reread.join(",")}}`, fps, ...filterParams],
    );
  }
  const total = fn === "count" ? "COALESCE(sum(raw), 0)" : fn === "sum" ? "sum(raw)" : `${fn}(raw)`;
  const [row] = await sql.query<{ raw: number | null }>(`SELECT (${total})::double precision AS raw FROM metric_check_day WHERE metric_key = $1`, [d.key]);
  return { raw: row?.raw ?? null, reread: reread.length, days: current.size };
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
  const kept = compiled.input.kind === "table" ? await rawFromSourceDays(sql, d, compiled.input.schema, rawAgg, fn, where.slice(1), params.slice(2)) : null;
  let raw: number | null;
  let rollup: number | null;
  if (kept) {
    const [r] = await sql.query<{ rollup: number | null }>(`SELECT ${pointAgg}(value) AS rollup FROM metric_value WHERE metric_key = $1 AND grain = $2 AND dimension = ''`, params.slice(0, 2));
    raw = kept.raw;
    rollup = r?.rollup ?? null;
  } else {
    const [row] = await sql.query<{ raw: number | null; rollup: number | null }>(statement, params);
    raw = row?.raw ?? null;
    rollup = row?.rollup ?? null;
  }
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
      // sql: the statement whose result the raw total is; it was read per source day when the days are kept.
      detail: { sql: statement, raw, rollup, ...(kept ? { rawDaysReread: kept.reread, rawDays: kept.days } : {}) },
    },
  ];
}
