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

/** Periods of one grain to recompute. */
export interface GrainPeriods {
  grain: Grain;
  /** Period starts (YYYY-MM-DD); every period of the source when omitted (aggregate only). */
  periods?: readonly string[];
}

/** The points to recompute: one slice ('' for the total), optionally one value, at some grains and periods. */
export interface PointSlice {
  dimension: string;
  /** Restricts to one dimension value; '(null)' means the column IS NULL. */
  value?: string;
  grains: readonly GrainPeriods[];
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

const periodOf = (grain: Grain, day: string) => (grain === "day" ? day : `date_trunc('${grain}', ${day}::timestamp)::date`);
const earliest = (days: readonly string[]) => days.reduce((a, p) => (p < a ? p : a));
const latest = (days: readonly string[]) => days.reduce((a, p) => (p > a ? p : a));

/**
 * `totals`: the running sums of `columns` of the CTE `per_day` (dimension_value,
 * day, columns...) over the days up to each day, per slice, with a row on
 * every snapshot day of `s` (a zero added there for each slice), so a
 * snapshot reads its slice's totals by equality.
 */
function runningTotals(perDay: string, columns: readonly string[]): string {
  return `timeline AS (
  SELECT dimension_value, day, ${columns.map((c) => `sum(${c}) AS ${c}`).join(", ")} FROM (
    SELECT dimension_value, day, ${columns.join(", ")} FROM ${perDay}
    UNION ALL
    SELECT v.dimension_value, snaps.snap, ${columns.map(() => "0").join(", ")} FROM (SELECT DISTINCT snap FROM s) snaps CROSS JOIN (SELECT DISTINCT dimension_value FROM ${perDay}) v
  ) x GROUP BY dimension_value, day
),
totals AS (
  SELECT dimension_value, day, ${columns.map((c) => `sum(${c}) OVER upto AS ${c}`).join(", ")}
  FROM timeline WINDOW upto AS (PARTITION BY dimension_value ORDER BY day)
)`;
}

/**
 * SQL returning one row per recomputed point: grain, period (YYYY-MM-DD text),
 * dimension_value (text, '' for the total), value (double precision or null)
 * and n, the source rows the point reads. One statement reads the source once
 * for every grain asked.
 */
export function recomputeSql(d: SourcedMetricDefinition, columns: WarehouseColumns, schema: string, slice: PointSlice): SqlQuery {
  if (slice.grains.length === 0) throw new CompileError("grains", "no grain to recompute");
  const b = new Binder();
  const src = source(d, columns, schema, slice.dimension, b);
  const sl = sliceParts(src, slice.value, b);
  const where = [...src.base, ...sl.where];
  for (const g of slice.grains) if (g.periods) checkPeriods(g.periods);
  if (d.kind === "aggregate") {
    const v = d.aggregate.column ? checkedColumn(columns, d.table, d.aggregate.column, "aggregate.column").ident : "1";
    // Bounds on the raw column, so an index on it can serve a single point;
    // none when a grain asks for every period.
    if (slice.grains.every((g) => g.periods && g.periods.length > 0)) {
      const lo = earliest(slice.grains.map((g) => earliest(g.periods!)));
      const hi = latest(slice.grains.map((g) => nextPeriodStart(g.grain, latest(g.periods!))));
      where.push(`${src.time} >= ${b.bind(lo)}${src.timeCast}`, `${src.time} < ${b.bind(hi)}${src.timeCast}`);
    }
    const rows = `SELECT ${src.day} AS day, ${sl.label} AS dimension_value, ${v} AS v FROM ${src.from} WHERE ${where.join(" AND ")}`;
    const { fn } = d.aggregate;
    if (fn === "count_distinct") {
      // A distinct count does not add up over days: each grain reads the rows.
      const perGrain = slice.grains.map(
        ({ grain }) => `SELECT '${grain}' AS grain, period::text AS period, dimension_value, count(DISTINCT v)::double precision AS value, count(*)::bigint AS n
FROM (SELECT ${periodOf(grain, "day")} AS period, dimension_value, v FROM x) y
GROUP BY period, dimension_value`,
      );
      return { sql: `WITH x AS NOT MATERIALIZED (${rows})
${perGrain.join("\nUNION ALL\n")}`, params: b.params };
    }
    // Every other function adds up over days: one read of the source into
    // per-day partials, which each grain sums (floats may differ in the last
    // bits, inside the tolerance).
    const total = { sum: "sum(s)", count: "sum(c)", avg: "sum(s) / NULLIF(sum(c), 0)", min: "min(lo)", max: "max(hi)" }[fn];
    const perGrain = slice.grains.map(
      ({ grain }) => `SELECT '${grain}' AS grain, period::text AS period, dimension_value, (${total})::double precision AS value, sum(n)::bigint AS n
FROM (SELECT ${periodOf(grain, "day")} AS period, dimension_value, ${fn === "min" ? "lo" : fn === "max" ? "hi" : "s, c"}, n FROM daily) y
GROUP BY period, dimension_value`,
    );
    const partials = fn === "min" ? "min(v) AS lo" : fn === "max" ? "max(v) AS hi" : "sum(v) AS s, count(v) AS c";
    const sql = `WITH daily AS (SELECT day, dimension_value, ${partials}, count(*) AS n FROM (${rows}) x GROUP BY day, dimension_value)
${perGrain.join("\nUNION ALL\n")}`;
    return { sql, params: b.params };
  }
  const points = slice.grains.flatMap((g) => {
    if (!g.periods || g.periods.length === 0) throw new CompileError("periods", `a ${d.kind} metric is recomputed at given periods`);
    return g.periods.map((period) => ({ grain: g.grain, period, last: lastDayOfPeriod(g.grain, period) }));
  });
  // A daily series: a period's value is the one on its snapshot day, its last
  // day capped at the last day with data.
  const maxLast = b.bind(latest(points.map((p) => p.last)), "::date");
  const snapshots = `hi AS (SELECT ${src.maxDay} AS hi FROM ${src.from} WHERE ${src.base.join(" AND ")}),
s AS (
  SELECT p.grain, p.period, LEAST(p.last, hi.hi) AS snap
  FROM unnest(string_to_array(${b.bind(points.map((p) => p.grain).join(","))}, ','), string_to_array(${b.bind(points.map((p) => p.period).join(","))}, ',')::date[], string_to_array(${b.bind(points.map((p) => p.last).join(","))}, ',')::date[]) AS p(grain, period, last), hi
)`;
  const upTo = `${src.time} < (${maxLast} + 1)${src.timeCast}`;
  if (d.kind === "rolling_distinct") {
    const k = checkedColumn(columns, d.table, d.column, "column").ident;
    const w = b.bind(d.window_days, "::int");
    const rows = (from: string) => `SELECT ${src.day} AS day, ${sl.label} AS dimension_value, ${k} AS k FROM ${src.from} WHERE ${[...where, from, upTo].join(" AND ")}`;
    // Few snapshots (one point, coarse grains): the definition word for word,
    // the distinct keys with a row in (snapshot - W, snapshot]. No window
    // reaches before the earliest snapshot - W + 1 (an init plan, so an index
    // on the column serves a single point).
    if (points.length < d.window_days)
      return {
        sql: `WITH ${snapshots},
visits AS (
  SELECT day, dimension_value, k, count(*) AS n
  FROM (${rows(`${src.time} >= ((SELECT min(snap) FROM s) - ${w} + 1)${src.timeCast}`)}) r
  GROUP BY day, dimension_value, k
)
SELECT s.grain, s.period::text AS period, v.dimension_value, count(DISTINCT v.k)::double precision AS value, sum(v.n)::bigint AS n
FROM s JOIN visits v ON v.day > s.snap - ${w} AND v.day <= s.snap
GROUP BY s.grain, s.period, v.dimension_value`,
        params: b.params,
      };
    // Every day: a key is counted on day s exactly when its latest visit on or
    // before s is within the window. So each visit on day a covers the days
    // from a until the key's next visit or until a + W, whichever comes first;
    // a key's spans never overlap, so the count on s is the running total of
    // +1 on each span's first day and -1 on the day it is over. A snapshot
    // day is on or after its period's start, so no window reaches before the
    // earliest start - W + 1.
    const from = `${src.time} >= ${b.bind(addDays(earliest(points.map((p) => p.period)), 1 - d.window_days))}${src.timeCast}`;
    return {
      sql: `WITH ${snapshots},
spans AS (
  SELECT dimension_value, day AS first_day, LEAST(lead(day) OVER key_days, day + ${w}) AS over_day, count(*) AS n
  FROM (${rows(from)}) r
  GROUP BY dimension_value, k, day
  WINDOW key_days AS (PARTITION BY dimension_value, k ORDER BY day)
),
-- A span adds 1 on its first day and takes it back on the day it is over;
-- its visit's rows count on its first day.
per_day AS (
  SELECT e.dimension_value, e.day, sum(e.change) AS change, sum(e.n) AS n
  FROM spans CROSS JOIN LATERAL (VALUES (spans.dimension_value, spans.first_day, 1, spans.n), (spans.dimension_value, spans.over_day, -1, 0)) AS e(dimension_value, day, change, n)
  GROUP BY e.dimension_value, e.day
),
${runningTotals("per_day", ["change"])},
-- A day's rows are read by the snapshots on that day and the W - 1 days after.
read AS (
  SELECT snaps.snap, d.dimension_value, sum(d.n) AS n
  FROM per_day d CROSS JOIN generate_series(0, ${w} - 1) AS i JOIN (SELECT DISTINCT snap FROM s) snaps ON snaps.snap = d.day + i
  GROUP BY snaps.snap, d.dimension_value
)
SELECT s.grain, s.period::text AS period, t.dimension_value, t.change::double precision AS value, COALESCE(read.n, 0)::bigint AS n
FROM s JOIN totals t ON t.day = s.snap LEFT JOIN read ON read.snap = s.snap AND read.dimension_value = t.dimension_value`,
      params: b.params,
    };
  }
  const { fn, column } = d.aggregate;
  const v = column ? checkedColumn(columns, d.table, column, "aggregate.column").ident : "1";
  // Running totals: what each day adds, summed over every day up to the
  // snapshot. A distinct key adds 1 on the first day it appears in its slice.
  const adds =
    fn === "count_distinct"
      ? `SELECT first_day AS day, dimension_value, count(*) AS a, 0 AS n FROM (SELECT dimension_value, v, min(day) AS first_day FROM rows WHERE v IS NOT NULL GROUP BY dimension_value, v) f GROUP BY first_day, dimension_value
    UNION ALL
    SELECT day, dimension_value, 0, count(*) FROM rows GROUP BY day, dimension_value`
      : `SELECT day, dimension_value, ${fn === "sum" ? "sum(v)" : "count(v)"} AS a, count(*) AS n FROM rows GROUP BY day, dimension_value`;
  const sql = `WITH ${snapshots},
rows AS (SELECT ${src.day} AS day, ${sl.label} AS dimension_value, ${v} AS v FROM ${src.from} WHERE ${[...where, upTo].join(" AND ")}),
daily AS (
  SELECT day, dimension_value, sum(a) AS a, sum(n) AS n FROM (
    ${adds}
  ) x GROUP BY day, dimension_value
),
${runningTotals("daily", ["a", "n"])}
SELECT s.grain, s.period::text AS period, t.dimension_value, t.a::double precision AS value, t.n::bigint AS n
FROM s JOIN totals t ON t.day = s.snap`;
  return { sql, params: b.params };
}

/**
 * The source rows a run of the metric reads now, with its filters (what a
 * run records as its input rows): one row, n.
 */
export function sourceRowsSql(d: SourcedMetricDefinition, columns: WarehouseColumns, schema: string): SqlQuery {
  const b = new Binder();
  const src = source(d, columns, schema, "", b);
  return { sql: `SELECT count(*)::bigint AS n FROM ${src.from} WHERE ${src.base.join(" AND ")}`, params: b.params };
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
