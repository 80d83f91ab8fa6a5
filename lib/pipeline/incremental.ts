import "server-only";
import type { SqlExecutor } from "@/lib/db";
import { compileDayBounds, compileLastDayBefore, compileUnseenSlices, dayExpression, quoteIdent, type CompileContext, type IncrementalScope } from "@/lib/metrics/compiler";
import type { Grain, MetricDefinition, SourcedMetricDefinition } from "@/lib/metrics/definition-schema";
import { countPeriods } from "@/lib/metrics/periods";

/** Per source day: "rows:fingerprint". */
export type DayFingerprints = Map<string, string>;

/** What a metric's run rewrites: every point, or a scope (with the source days that changed). */
export type RunPlan =
  | { mode: "full"; reason: string }
  | { mode: "incremental"; scope: IncrementalScope | null; changedDays: string[]; reason: string };

/** The run id of each metric already run in this compute, or "all" for a full run. */
export type AffectedPeriods = Map<string, { grain: Grain; period: string }[] | "all">;

const FLOAT_TYPES = new Set(["real", "double precision"]);

export const fingerprintKey = (d: SourcedMetricDefinition) => `${d.table}\u0000${d.time_column}`;

/**
 * Rows and the sum of their row versions (xmin) per day of the time column.
 * An insert, update or delete changes the day's count or sum (an update
 * writes a new row version); a day whose rows all went is missing. The sum is
 * a fingerprint, never compared by order, so xid wraparound does not matter.
 */
export async function getSourceFingerprints(sql: SqlExecutor, schema: string, table: string, timeColumn: string, timeType: string): Promise<DayFingerprints> {
  const rows = await sql.query<{ day: string; n: string; x: string }>(
    `SELECT day::text AS day, count(*)::text AS n, sum(x)::text AS x
     FROM (SELECT ${dayExpression(timeColumn, timeType)} AS day, xmin::text::bigint AS x FROM ${quoteIdent(schema)}.${quoteIdent(table)} WHERE ${quoteIdent(timeColumn)} IS NOT NULL) s
     GROUP BY day`,
  );
  return new Map(rows.map((r) => [r.day, `${r.n}:${r.x}`]));
}

export async function getStoredFingerprints(sql: SqlExecutor, metricKey: string): Promise<DayFingerprints> {
  const rows = await sql.query<{ day: string; rows: string; fingerprint: string }>(
    `SELECT day::text AS day, rows::text AS rows, fingerprint::text AS fingerprint FROM metric_source_day WHERE metric_key = $1`,
    [metricKey],
  );
  return new Map(rows.map((r) => [r.day, `${r.rows}:${r.fingerprint}`]));
}

/** Replaces a metric's stored fingerprints (inside its run's transaction). */
export async function storeFingerprints(sql: SqlExecutor, metricKey: string, current: DayFingerprints): Promise<void> {
  await sql.query(`DELETE FROM metric_source_day WHERE metric_key = $1`, [metricKey]);
  if (current.size === 0) return;
  const days: string[] = [];
  const rows: string[] = [];
  const sums: string[] = [];
  for (const [day, v] of current) {
    const [n, x] = v.split(":");
    days.push(day);
    rows.push(n!);
    sums.push(x!);
  }
  await sql.query(
    `INSERT INTO metric_source_day (metric_key, day, rows, fingerprint)
     SELECT $1, d, n, x FROM unnest($2::date[], $3::bigint[], $4::numeric[]) AS u(d, n, x)`,
    [metricKey, `{${days.join(",")}}`, `{${rows.join(",")}}`, `{${sums.join(",")}}`],
  );
}

export function changedDays(stored: DayFingerprints, current: DayFingerprints): string[] {
  const days = new Set<string>();
  for (const [day, v] of current) if (stored.get(day) !== v) days.add(day);
  for (const day of stored.keys()) if (!current.has(day)) days.add(day);
  return [...days].sort();
}

// ------------------------------------------------------------ calendar (UTC)

const toDate = (day: string) => new Date(`${day}T00:00:00Z`);
const iso = (d: Date) => d.toISOString().slice(0, 10);
export const addDays = (day: string, n: number) => {
  const d = toDate(day);
  d.setUTCDate(d.getUTCDate() + n);
  return iso(d);
};

/** The period of `grain` holding `day` and its last day, as date_trunc sees them (weeks start on Monday). */
export function periodOf(grain: Grain, day: string): { start: string; end: string } {
  const d = toDate(day);
  if (grain === "day") return { start: day, end: day };
  if (grain === "week") {
    const start = addDays(day, -((d.getUTCDay() + 6) % 7));
    return { start, end: addDays(start, 6) };
  }
  const months = grain === "month" ? 1 : 3;
  const m = grain === "month" ? d.getUTCMonth() : d.getUTCMonth() - (d.getUTCMonth() % 3);
  return { start: iso(new Date(Date.UTC(d.getUTCFullYear(), m, 1))), end: iso(new Date(Date.UTC(d.getUTCFullYear(), m + months, 0))) };
}

/** Every (grain, period) holding a changed day, and the days they span merged into ranges. */
export function periodsScope(days: readonly string[], grains: readonly Grain[]): Extract<IncrementalScope, { kind: "periods" }> {
  const pairs = new Map<string, { grain: Grain; period: string; end: string }>();
  for (const day of days)
    for (const grain of grains) {
      const p = periodOf(grain, day);
      pairs.set(`${grain} ${p.start}`, { grain, period: p.start, end: p.end });
    }
  const spans = [...pairs.values()].map((p) => ({ lo: p.period, hi: p.end })).sort((a, b) => (a.lo < b.lo ? -1 : a.lo > b.lo ? 1 : 0));
  const ranges: { lo: string; hi: string }[] = [];
  for (const s of spans) {
    const last = ranges.at(-1);
    if (last && s.lo <= addDays(last.hi, 1)) {
      if (s.hi > last.hi) last.hi = s.hi;
    } else ranges.push({ ...s });
  }
  return { kind: "periods", pairs: [...pairs.values()].map(({ grain, period }) => ({ grain, period })), ranges };
}

/**
 * Whether a rolling series' appended days are cheaper counted each over its
 * window (about days × window days of rows) than carried forward as islands
 * (days + window days of rows, with about three times the work per row, as
 * measured at 10M rows): 1 to 3 days of a 30-day window, up to 5 of a 7-day
 * window, a week of a 1-day window. The days join their windows' rows by
 * comparison, so a longer run of days always takes the islands.
 */
export const countEachDay = (days: number, windowDays: number) => days <= 7 && days * windowDays <= 3 * (days + windowDays);

/**
 * How a sourced metric is brought up to date with its source days' changes.
 * Aggregates rewrite the periods holding a changed day. Rolling and
 * cumulative series carry a change forward: they are rewritten from the
 * first changed day (rolling: to the last window holding a changed day);
 * in full when the series' bounds or slices may have changed, and for
 * distinct or float running totals.
 */
export async function planSourced(
  sql: SqlExecutor,
  d: SourcedMetricDefinition,
  ctx: Omit<CompileContext, "shapes">,
  stored: DayFingerprints,
  current: DayFingerprints,
): Promise<RunPlan> {
  if (stored.size === 0) return { mode: "full", reason: "no source fingerprint from an earlier run" };
  const days = changedDays(stored, current);
  if (days.length === 0) return { mode: "incremental", scope: null, changedDays: [], reason: "no source day changed" };
  if (d.kind === "aggregate") return { mode: "incremental", scope: periodsScope(days, d.grains), changedDays: days, reason: `${days.length} source day(s) changed` };
  if (d.kind === "cumulative") {
    const type = d.aggregate.column ? ctx.columns.get(d.table)?.get(d.aggregate.column) : undefined;
    if (d.aggregate.fn === "count_distinct") return { mode: "full", reason: "a cumulative distinct count needs every earlier key" };
    if (type && FLOAT_TYPES.has(type)) return { mode: "full", reason: "a running float sum continued from a stored total could differ in its last bits" };
    if (!d.grains.includes("day")) return { mode: "full", reason: "no stored daily total to continue from" };
  }
  const first = days[0]!;
  const lastChanged = days.at(-1)!;
  const lastStored = [...stored.keys()].sort().at(-1)!;
  if (first > lastStored) {
    // Only appended days: continue from the day after the last one with rows.
    const last = compileLastDayBefore(d, ctx);
    const [row] = await sql.query<{ day: string | null }>(last.sql, [first, ...last.params.slice(1)]);
    if (!row?.day) return { mode: "full", reason: "no earlier day with rows" };
    const from = addDays(row.day, 1);
    const through = d.kind === "rolling_distinct" && countEachDay(countPeriods(from, lastChanged, "day"), d.window_days) ? { through: lastChanged } : {};
    return { mode: "incremental", scope: { kind: "from", from, ...through }, changedDays: days, reason: `only new days appended (${first} to ${lastChanged})` };
  }
  // Changes inside the series: the windows (rolling) or the running totals
  // (cumulative) from the first changed day on are rewritten, when the
  // series keeps its first and last day and every stored slice still has rows.
  const b = compileDayBounds(d, ctx);
  const [bounds] = await sql.query<{ lo: string | null; hi: string | null }>(b.sql, b.params);
  if (!bounds?.lo || !bounds.hi || first <= bounds.lo || lastChanged >= bounds.hi) {
    return { mode: "full", reason: `rows changed on ${first === lastChanged ? first : `${first} to ${lastChanged}`}, at or beyond the series' first or last day` };
  }
  const window = d.kind === "rolling_distinct" ? d.window_days : undefined;
  const to = window === undefined ? undefined : [addDays(lastChanged, window - 1), bounds.hi].sort()[0]!;
  const readFrom = window === undefined ? first : addDays(first, -window);
  const unseen = compileUnseenSlices(d, ctx, to !== undefined);
  const [u] = d.dimensions.length === 0 ? [] : await sql.query<{ n: number }>(unseen.sql, [d.key, readFrom, ...(to ? [to] : []), ...unseen.params.slice(to ? 3 : 2)]);
  if (Number(u?.n ?? 0) > 0) return { mode: "full", reason: `${u?.n} stored slice(s) have no rows in the rewritten range and may have gone` };
  return {
    mode: "incremental",
    scope: { kind: "from", from: first, ...(to ? { to, hi: bounds.hi } : {}) },
    changedDays: days,
    reason: `rows changed on ${days.length} day(s) inside the series: rewritten from ${first}${to ? ` to ${to}` : ""}`,
  };
}

/** Composed metrics rewrite the periods their inputs rewrote in this compute. */
export function planComposed(d: Extract<MetricDefinition, { kind: "ratio" | "derived" }>, inputs: readonly string[], affected: AffectedPeriods, stale: (input: string) => boolean): RunPlan {
  const pairs = new Map<string, { grain: Grain; period: string }>();
  for (const input of inputs) {
    const a = affected.get(input);
    if (a === undefined) return { mode: "full", reason: `its input '${input}' was not computed in this compute` };
    if (a === "all") return { mode: "full", reason: `its input '${input}' was computed in full` };
    if (stale(input)) return { mode: "full", reason: `its input '${input}' was recomputed since this metric's last run` };
    for (const p of a) pairs.set(`${p.grain} ${p.period}`, p);
  }
  if (pairs.size === 0) return { mode: "incremental", scope: null, changedDays: [], reason: "no input period changed" };
  return { mode: "incremental", scope: { kind: "periods", pairs: [...pairs.values()], ranges: [] }, changedDays: [], reason: `${pairs.size} input period(s) changed` };
}
