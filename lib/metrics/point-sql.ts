// Recomputation and drill-through SQL for stored points of sourced metrics,
// written per kind from the definition alone, independently of the compiler's
// statement, so that a compiler bug cannot hide itself. Pure: the warehouse's
// columns come in as data; identifiers are checked against them and quoted,
// every value is a bound parameter.
import type { SqlParam } from "@/lib/db/sql-client";
import { CompileError, quoteIdent, type WarehouseColumns } from "./compiler";
import type { Grain, MetricFilter, SourcedMetricDefinition } from "./definition-schema";
import { addDays, addPeriods, isIsoDay } from "./periods";

export interface SqlQuery {
  sql: string;
  params: SqlParam[];
}

/** The points to recompute: one grain and one slice ('' for the total), optionally one value and some periods. */
export interface PointSlice {
  grain: Grain;
  dimension: string;
  /** Restricts to one dimension value; '(null)' means the column IS NULL. */
  value?: string;
  /** Period starts to recompute (YYYY-MM-DD); all periods of the source when omitted (aggregate only). */
  periods?: readonly string[];
}

/** One stored point, as the drill-through reads it. */
export interface PointRef {
  grain: Grain;
  period: string;
  dimension: string;
  value: string;
}

export const NULL_LABEL = "(null)";
const TIME_TYPES = new Set(["date", "timestamp without time zone", "timestamp with time zone"]);

/** The first day after the period starting at `period`. */
export const nextPeriodStart = (grain: Grain, period: string) => addPeriods(period, grain, 1);
/** The last day of the period starting at `period`. */
export const lastDayOfPeriod = (grain: Grain, period: string) => addDays(nextPeriodStart(grain, period), -1);

class Binder {
  readonly params: SqlParam[] = [];
  bind(value: SqlParam, cast = ""): string {
    this.params.push(value);
    return `$${this.params.length}${cast}`;
  }
}

function checkedColumn(columns: WarehouseColumns, table: string, column: string, field: string): { ident: string; type: string } {
  const t = columns.get(table);
  if (!t) throw new CompileError("table", `no table '${table}' in the warehouse`);
  const type = t.get(column);
  if (!type) throw new CompileError(field, `no column '${column}' in table '${table}'`);
  return { ident: quoteIdent(column), type };
}

interface Source {
  from: string;
  /** The row's instant as a timestamp (UTC) or a date, comparable with a date cast to `timeCast`. */
  time: string;
  timeCast: "::timestamp" | "::date";
  /** The row's UTC day. */
  day: string;
  /** The last UTC day over the rows, aggregated on the raw column so an index on it serves it. */
  maxDay: string;
  /** Conditions every counted row meets, without the slice. */
  base: string[];
  dimension?: { ident: string };
}

function source(d: SourcedMetricDefinition, columns: WarehouseColumns, schema: string, dimension: string, b: Binder): Source {
  const time = checkedColumn(columns, d.table, d.time_column, "time_column");
  if (!TIME_TYPES.has(time.type)) throw new CompileError("time_column", `'${d.time_column}' is ${time.type}, not a date or timestamp`);
  const instant = time.type === "timestamp with time zone" ? `(${time.ident} AT TIME ZONE 'UTC')` : time.ident;
  const base = [`${time.ident} IS NOT NULL`, ...d.filters.map((f, i) => filterCondition(f, checkedColumn(columns, d.table, f.column, `filters.${i}.column`).ident, b))];
  if (d.kind === "rolling_distinct") base.push(`${checkedColumn(columns, d.table, d.column, "column").ident} IS NOT NULL`);
  let dim: Source["dimension"];
  if (dimension !== "") {
    if (!d.dimensions.includes(dimension)) throw new CompileError("dimension", `'${dimension}' is not a dimension of ${d.key} (${d.dimensions.join(", ") || "none"})`);
    dim = { ident: checkedColumn(columns, d.table, dimension, "dimension").ident };
  }
  return {
    from: `${quoteIdent(schema)}.${quoteIdent(d.table)}`,
    time: instant,
    timeCast: time.type === "date" ? "::date" : "::timestamp",
    day: time.type === "date" ? time.ident : `${instant}::date`,
    maxDay: time.type === "date" ? `max(${time.ident})` : time.type === "timestamp with time zone" ? `(max(${time.ident}) AT TIME ZONE 'UTC')::date` : `max(${time.ident})::date`,
    base,
    dimension: dim,
  };
}

function filterCondition(f: MetricFilter, c: string, b: Binder): string {
  switch (f.op) {
    case "is_null":
      return `${c} IS NULL`;
    case "not_null":
      return `${c} IS NOT NULL`;
    case "in":
      return `${c} IN (${f.value.map((v) => b.bind(v)).join(", ")})`;
    case "not_in":
      return `${c} NOT IN (${f.value.map((v) => b.bind(v)).join(", ")})`;
    case "eq":
      return `${c} = ${b.bind(f.value)}`;
    case "neq":
      return `${c} <> ${b.bind(f.value)}`;
    case "gt":
      return `${c} > ${b.bind(f.value)}`;
    case "gte":
      return `${c} >= ${b.bind(f.value)}`;
    case "lt":
      return `${c} < ${b.bind(f.value)}`;
    case "lte":
      return `${c} <= ${b.bind(f.value)}`;
  }
}

/** The slice's condition and its label expression (text, '(null)' for NULL, '' for the total). */
function sliceParts(src: Source, value: string | undefined, b: Binder): { where: string[]; label: string } {
  if (!src.dimension) return { where: [], label: "''" };
  const c = src.dimension.ident;
  const where = value === undefined ? [] : [value === NULL_LABEL ? `${c} IS NULL` : `${c}::text = ${b.bind(value)}`];
  return { where, label: `COALESCE(${c}::text, '${NULL_LABEL}')` };
}

function checkPeriods(periods: readonly string[]): void {
  for (const p of periods) if (!isIsoDay(p)) throw new CompileError("period", `'${p}' is not a date as YYYY-MM-DD`);
}

const AGGREGATE_SQL = { sum: "sum(v)", count: "count(v)", count_distinct: "count(DISTINCT v)", avg: "avg(v)", min: "min(v)", max: "max(v)" } as const;

/**
 * SQL returning one row per recomputed point: period (YYYY-MM-DD text),
 * dimension_value (text, '' for the total), value (double precision or null)
 * and n, the source rows the point reads.
 */
export function recomputeSql(d: SourcedMetricDefinition, columns: WarehouseColumns, schema: string, slice: PointSlice): SqlQuery {
  const b = new Binder();
  const src = source(d, columns, schema, slice.dimension, b);
  const sl = sliceParts(src, slice.value, b);
  const where = [...src.base, ...sl.where];
  const periods = slice.periods;
  if (periods) checkPeriods(periods);
  if (d.kind === "aggregate") {
    const v = d.aggregate.column ? checkedColumn(columns, d.table, d.aggregate.column, "aggregate.column").ident : "1";
    const periodExpr = slice.grain === "day" ? src.day : `date_trunc('${slice.grain}', ${src.day}::timestamp)::date`;
    if (periods && periods.length > 0) {
      // Bounds on the raw column, so an index on it can serve a single point.
      const lo = periods.reduce((a, p) => (p < a ? p : a));
      const hi = periods.reduce((a, p) => (p > a ? p : a));
      where.push(`${src.time} >= ${b.bind(lo)}${src.timeCast}`, `${src.time} < ${b.bind(nextPeriodStart(slice.grain, hi))}${src.timeCast}`);
    }
    const sql = `SELECT period::text AS period, dimension_value, ${AGGREGATE_SQL[d.aggregate.fn]}::double precision AS value, count(*)::bigint AS n
FROM (SELECT ${periodExpr} AS period, ${sl.label} AS dimension_value, ${v} AS v FROM ${src.from} WHERE ${where.join(" AND ")}) x
GROUP BY period, dimension_value`;
    return { sql, params: b.params };
  }
  if (!periods || periods.length === 0) throw new CompileError("periods", `a ${d.kind} metric is recomputed at given periods`);
  // Snapshot day of each period: its last day, capped at the last day with data.
  const starts = b.bind([...periods].join(","));
  const lasts = b.bind(periods.map((p) => lastDayOfPeriod(slice.grain, p)).join(","));
  const maxLast = b.bind(periods.map((p) => lastDayOfPeriod(slice.grain, p)).reduce((a, p) => (p > a ? p : a)), "::date");
  const snapshots = `hi AS (SELECT ${src.maxDay} AS hi FROM ${src.from} WHERE ${src.base.join(" AND ")}),
s AS (
  SELECT p.period, LEAST(p.last, hi.hi) AS snap
  FROM unnest(string_to_array(${starts}, ',')::date[], string_to_array(${lasts}, ',')::date[]) AS p(period, last), hi
)`;
  const upTo = `${src.time} < (${maxLast} + 1)${src.timeCast}`;
  if (d.kind === "rolling_distinct") {
    const k = checkedColumn(columns, d.table, d.column, "column").ident;
    const w = b.bind(d.window_days, "::int");
    const minStart = periods.reduce((a, p) => (p < a ? p : a));
    // A snapshot day is on or after its period's start, so no window reaches before minStart - W + 1.
    const from = `${src.time} >= (${b.bind(minStart, "::date")} - ${w} + 1)${src.timeCast}`;
    // Each active (day, key) counts on the W days from its day on: expanded to
    // those days and joined to the snapshots on equality, which hashes.
    const sql = `WITH ${snapshots},
rows AS (SELECT ${src.day} AS day, ${sl.label} AS dimension_value, ${k} AS k FROM ${src.from} WHERE ${[...where, from, upTo].join(" AND ")}),
active AS (SELECT day, dimension_value, k, count(*) AS n FROM rows GROUP BY day, dimension_value, k),
reach AS (SELECT a.day + i AS snap, a.dimension_value, a.k, a.n FROM active a CROSS JOIN generate_series(0, ${w} - 1) AS i)
SELECT s.period::text AS period, r.dimension_value, count(DISTINCT r.k)::double precision AS value, sum(r.n)::bigint AS n
FROM s JOIN reach r ON r.snap = s.snap
GROUP BY s.period, r.dimension_value`;
    // Few snapshots (coarse grains, one point): compare each with every active day instead.
    if (periods.length < d.window_days)
      return {
        sql: `WITH ${snapshots},
rows AS (SELECT ${src.day} AS day, ${sl.label} AS dimension_value, ${k} AS k FROM ${src.from} WHERE ${[...where, from, upTo].join(" AND ")}),
active AS (SELECT day, dimension_value, k, count(*) AS n FROM rows GROUP BY day, dimension_value, k)
SELECT s.period::text AS period, a.dimension_value, count(DISTINCT a.k)::double precision AS value, sum(a.n)::bigint AS n
FROM s JOIN active a ON a.day > s.snap - ${w} AND a.day <= s.snap
GROUP BY s.period, a.dimension_value`,
        params: b.params,
      };
    return { sql, params: b.params };
  }
  const { fn, column } = d.aggregate;
  const v = column ? checkedColumn(columns, d.table, column, "aggregate.column").ident : "1";
  // Running totals: per day first, then every day up to the snapshot.
  const daily = `daily AS (
  SELECT day, dimension_value, ${fn === "sum" ? "sum(v)" : "count(v)"} AS a, count(*) AS n
  FROM (SELECT ${src.day} AS day, ${sl.label} AS dimension_value, ${v} AS v FROM ${src.from} WHERE ${[...where, upTo].join(" AND ")}) x
  GROUP BY day, dimension_value
)`;
  if (fn !== "count_distinct") {
    const sql = `WITH ${snapshots},
${daily}
SELECT s.period::text AS period, d.dimension_value, sum(d.a)::double precision AS value, sum(d.n)::bigint AS n
FROM s JOIN daily d ON d.day <= s.snap
GROUP BY s.period, d.dimension_value`;
    return { sql, params: b.params };
  }
  // A key counts from the first day it appears in its slice.
  const sql = `WITH ${snapshots},
rows AS (SELECT ${src.day} AS day, ${sl.label} AS dimension_value, ${v} AS k FROM ${src.from} WHERE ${[...where, upTo].join(" AND ")}),
firsts AS (SELECT dimension_value, k, min(day) AS first FROM rows WHERE k IS NOT NULL GROUP BY dimension_value, k),
counted AS (SELECT s.period, f.dimension_value, count(*) AS value FROM s JOIN firsts f ON f.first <= s.snap GROUP BY s.period, f.dimension_value),
read AS (SELECT s.period, r.dimension_value, count(*) AS n FROM s JOIN rows r ON r.day <= s.snap GROUP BY s.period, r.dimension_value)
SELECT read.period::text AS period, read.dimension_value, COALESCE(counted.value, 0)::double precision AS value, read.n::bigint AS n
FROM read LEFT JOIN counted ON counted.period = read.period AND counted.dimension_value = read.dimension_value`;
  return { sql, params: b.params };
}

export type SortOrder = "asc" | "desc";

export interface DrillPage {
  limit: number;
  offset: number;
  /** A column of the source table; the time column when omitted. */
  sort?: string;
  order?: SortOrder;
}

/** The rows behind a stored point and their count: `rows` (paged, every column of the table) and `count` (one row, n). */
export function drillSql(d: SourcedMetricDefinition, columns: WarehouseColumns, schema: string, point: PointRef, page: DrillPage): { rows: SqlQuery; count: SqlQuery; columns: string[] } {
  checkPeriods([point.period]);
  const tableColumns = [...(columns.get(d.table)?.keys() ?? [])];
  const sortColumn = checkedColumn(columns, d.table, page.sort ?? d.time_column, "sort").ident;
  const build = (select: string, tail: string, paging: boolean): SqlQuery => {
    const b = new Binder();
    const src = source(d, columns, schema, point.dimension, b);
    const sl = sliceParts(src, point.dimension === "" ? undefined : point.value, b);
    const where = [...src.base, ...sl.where];
    let prefix = "";
    if (d.kind === "aggregate") {
      where.push(`${src.time} >= ${b.bind(point.period)}${src.timeCast}`, `${src.time} < ${b.bind(nextPeriodStart(point.grain, point.period))}${src.timeCast}`);
    } else {
      const last = b.bind(lastDayOfPeriod(point.grain, point.period), "::date");
      prefix = `WITH s AS (SELECT LEAST(${last}, ${src.maxDay}) AS snap FROM ${src.from} WHERE ${src.base.join(" AND ")}) `;
      where.push(`${src.time} < (s.snap + 1)${src.timeCast}`);
      if (d.kind === "rolling_distinct") where.push(`${src.time} >= (s.snap - ${b.bind(d.window_days, "::int")} + 1)${src.timeCast}`);
    }
    const from = d.kind === "aggregate" ? src.from : `${src.from}, s`;
    const pagingSql = paging ? ` LIMIT ${b.bind(page.limit, "::int")} OFFSET ${b.bind(page.offset, "::int")}` : "";
    return { sql: `${prefix}SELECT ${select} FROM ${from} WHERE ${where.join(" AND ")}${tail}${pagingSql}`, params: b.params };
  };
  const qualified = `${quoteIdent(d.table)}.`;
  const rows = build(
    tableColumns.map((c) => `${qualified}${quoteIdent(c)}`).join(", "),
    ` ORDER BY ${qualified}${sortColumn} ${page.order === "desc" ? "DESC" : "ASC"} NULLS LAST, ${tableColumns.map((c) => `${qualified}${quoteIdent(c)}`).join(", ")}`,
    true,
  );
  return { rows, count: build("count(*)::bigint AS n", "", false), columns: tableColumns };
}
