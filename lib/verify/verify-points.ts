import "server-only";
import type { SqlParam, Warehouse } from "@/lib/db";
import { NotFoundError } from "@/lib/http/errors";
import type { WarehouseColumns } from "@/lib/metrics/compiler";
import type { Grain, MetricDefinition } from "@/lib/metrics/definition-schema";
import { evaluateExpression, expressionMetricKeys, parseExpression, type Expr } from "@/lib/metrics/expression";
import { recomputeSql, sourceRowsSql, type PointSlice } from "@/lib/metrics/point-sql";
import { readCurrentDefinitions, type CurrentDefinition } from "@/lib/metrics/queries/metric-records";
import { getWarehouseColumns } from "@/lib/metrics/warehouse-columns";
import { mismatchReason, toleranceOf, valuesMatch, type InputMismatch, type MismatchContext, type VerifyPointBody, type VerifyPointResult } from "./verify-schema";

interface Recomputed {
  value: number | null;
  /** Source rows read; null for composed metrics. */
  n: number | null;
}

type StoredPoint = {
  period: string;
  grain: string;
  dimension: string;
  dimension_value: string;
  value: number | null;
  input_rows: unknown;
  run_id: string;
  definition_version_id: string | null;
  run_input_rows: Record<string, unknown> | null;
};

interface Context {
  wh: Warehouse;
  defs: Map<string, CurrentDefinition>;
  columns: WarehouseColumns;
  schema: string;
  /** Recomputed slices by metric and slice, shared by composed metrics and their inputs. */
  cache: Map<string, Promise<Map<string, Recomputed>>>;
  /** Stored points by metric and slice, read only to explain a composed metric's mismatch. */
  stored: Map<string, Promise<Map<string, StoredPoint>>>;
  /** Source rows each sourced metric reads now. */
  sourceRows: Map<string, Promise<number>>;
}

const pointKey = (grain: string, period: string, dimensionValue: string) => `${grain}\u0000${period}\u0000${dimensionValue}`;

const toNumber = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

async function openContext(wh: Warehouse): Promise<Context> {
  const [defs, { columns, schema }] = await Promise.all([readCurrentDefinitions(wh), getWarehouseColumns(wh.sql)]);
  return { wh, defs, columns, schema, cache: new Map(), stored: new Map(), sourceRows: new Map() };
}

function currentOrThrow(ctx: Context, key: string): CurrentDefinition {
  const current = ctx.defs.get(key);
  if (!current) throw new NotFoundError(`There is no metric with key "${key}".`, "key");
  return current;
}

function memo<T>(cache: Map<string, Promise<T>>, id: string, fn: () => Promise<T>): Promise<T> {
  let result = cache.get(id);
  if (!result) {
    result = fn();
    cache.set(id, result);
  }
  return result;
}

type Composed = Extract<MetricDefinition, { kind: "ratio" | "derived" }>;

function composedExpr(d: Composed): Expr {
  return d.kind === "ratio" ? { type: "binary", op: "/", left: { type: "metric", key: d.numerator }, right: { type: "metric", key: d.denominator } } : parseExpression(d.expression);
}

/** Recomputes one slice of a metric from the source rows now, keyed by grain, period and dimension value. */
function recompute(ctx: Context, key: string, slice: PointSlice): Promise<Map<string, Recomputed>> {
  return memo(ctx.cache, JSON.stringify([key, slice]), () => recomputeUncached(ctx, key, slice));
}

async function recomputeUncached(ctx: Context, key: string, slice: PointSlice): Promise<Map<string, Recomputed>> {
  const d = currentOrThrow(ctx, key).definition;
  if (d.kind === "ratio" || d.kind === "derived") {
    // Inputs recomputed from their own sources at the same points, combined here.
    const expr = composedExpr(d);
    const inputs = expressionMetricKeys(expr);
    const values = await Promise.all(inputs.map((k) => recompute(ctx, k, slice)));
    const keys = new Set(values.flatMap((m) => [...m.keys()]));
    const out = new Map<string, Recomputed>();
    for (const pk of keys) {
      const record = Object.fromEntries(inputs.map((k, i) => [k, values[i]?.get(pk)?.value ?? null]));
      out.set(pk, { value: evaluateExpression(expr, record), n: null });
    }
    return out;
  }
  const q = recomputeSql(d, ctx.columns, ctx.schema, slice);
  const rows = await ctx.wh.sql.query<{ grain: string; period: string; dimension_value: string; value: unknown; n: unknown }>(q.sql, q.params);
  return new Map(rows.map((r) => [pointKey(r.grain, String(r.period), r.dimension_value), { value: toNumber(r.value), n: toNumber(r.n) }]));
}

const STORED_SELECT = `SELECT mv.period::text AS period, mv.grain, mv.dimension, mv.dimension_value, mv.value, mv.input_rows, mv.run_id, r.definition_version_id, r.input_row_counts AS run_input_rows
  FROM metric_value mv LEFT JOIN metric_run r ON r.id = mv.run_id`;

async function readStored(ctx: Context, key: string, where: string, params: SqlParam[]): Promise<StoredPoint[]> {
  return ctx.wh.sql.query<StoredPoint>(`${STORED_SELECT} WHERE mv.metric_key = $1 AND ${where} ORDER BY mv.grain, mv.dimension, mv.dimension_value, mv.period`, [key, ...params]);
}

/** The stored points of a metric in one slice (one value of it, when given), by grain, period and value. */
function storedSlice(ctx: Context, key: string, dimension: string, value: string | undefined): Promise<Map<string, StoredPoint>> {
  return memo(ctx.stored, JSON.stringify([key, dimension, value ?? null]), async () => {
    const points = await readStored(ctx, key, value === undefined ? "mv.dimension = $2" : "mv.dimension = $2 AND mv.dimension_value = $3", value === undefined ? [dimension] : [dimension, value]);
    return new Map(points.map((p) => [pointKey(p.grain, p.period, p.dimension_value), p]));
  });
}

function sourceRowsNow(ctx: Context, key: string): Promise<number> {
  return memo(ctx.sourceRows, key, async () => {
    const d = currentOrThrow(ctx, key).definition;
    if (d.kind === "ratio" || d.kind === "derived") throw new Error(`${key} is a composed metric; it reads no source table`);
    const q = sourceRowsSql(d, ctx.columns, ctx.schema);
    const [row] = await ctx.wh.sql.query<{ n: unknown }>(q.sql, q.params);
    return toNumber(row?.n) ?? 0;
  });
}

function storedValue(p: StoredPoint): number | null {
  return p.value === null || !Number.isFinite(p.value) ? null : p.value;
}

/** What recomputation gives at a point it found no rows for: a sourced count is 0, anything else has no value. */
function absent(d: MetricDefinition): Recomputed {
  if (d.kind === "ratio" || d.kind === "derived") return { value: null, n: null };
  return { value: toleranceOf(d) === "exact" ? 0 : null, n: d.kind === "aggregate" ? 0 : null };
}

interface Check {
  stored: number | null;
  now: Recomputed;
  match: boolean;
}

function check(ctx: Context, key: string, stored: StoredPoint, recomputed: Recomputed | undefined): Check {
  const d = currentOrThrow(ctx, key).definition;
  const now = recomputed ?? absent(d);
  const value = storedValue(stored);
  return { stored: value, now, match: valuesMatch(value, now.value, toleranceOf(d)) };
}

/**
 * Why a stored point differs from its recomputation over `slice`. A composed
 * metric checks its inputs at the same point and reports the first that
 * differs, with that input's own reason.
 */
async function explain(ctx: Context, key: string, slice: PointSlice, stored: StoredPoint, now: Recomputed): Promise<string> {
  const current = currentOrThrow(ctx, key);
  const d = current.definition;
  const c: MismatchContext = {
    kind: d.kind,
    runVersionId: stored.definition_version_id,
    currentVersionId: current.version.id,
    storedRows: toNumber(stored.input_rows),
    recomputedRows: now.n,
  };
  if (c.runVersionId !== null && c.runVersionId !== c.currentVersionId) return mismatchReason(c);
  if (d.kind === "ratio" || d.kind === "derived") {
    const expr = composedExpr(d);
    const inputs = expressionMetricKeys(expr);
    const fromStored: Record<string, number | null> = {};
    for (const input of inputs) {
      const pk = pointKey(stored.grain, stored.period, stored.dimension_value);
      const [inputStored, inputNow] = await Promise.all([storedSlice(ctx, input, slice.dimension, slice.value).then((m) => m.get(pk)), recompute(ctx, input, slice).then((m) => m.get(pk))]);
      if (!inputStored) {
        c.input = { key: input, stored: null, recomputed: (inputNow ?? absent(currentOrThrow(ctx, input).definition)).value, reason: "the input has no stored point here; rerun it, then this metric" };
        return mismatchReason(c);
      }
      const r = check(ctx, input, inputStored, inputNow);
      fromStored[input] = r.stored;
      if (!r.match) {
        const mismatch: InputMismatch = { key: input, stored: r.stored, recomputed: r.now.value, reason: await explain(ctx, input, slice, inputStored, r.now) };
        c.input = mismatch;
        return mismatchReason(c);
      }
    }
    c.inputs = { keys: inputs, fromStored: evaluateExpression(expr, fromStored) };
    return mismatchReason(c);
  }
  if (c.storedRows === null && stored.run_input_rows) {
    // Only the run's total is recorded: compare it with what the metric reads now.
    const atRun = stored.run_input_rows[d.table];
    c.source = { table: d.table, atRun: toNumber(atRun), now: await sourceRowsNow(ctx, key) };
  }
  return mismatchReason(c);
}

async function verifyStored(ctx: Context, key: string, slice: PointSlice, stored: StoredPoint, recomputed: Map<string, Recomputed>): Promise<VerifyPointResult> {
  const r = check(ctx, key, stored, recomputed.get(pointKey(stored.grain, stored.period, stored.dimension_value)));
  const result: VerifyPointResult = {
    metric: key,
    grain: stored.grain as Grain,
    period: stored.period,
    dimension: stored.dimension,
    value: stored.dimension_value,
    stored: r.stored,
    recomputed: r.now.value,
    match: r.match,
    tolerance: toleranceOf(currentOrThrow(ctx, key).definition),
    runId: stored.run_id,
  };
  if (!r.match) result.reason = await explain(ctx, key, slice, stored, r.now);
  return result;
}

/** Recomputes one stored point from the source rows now and compares. Throws NotFoundError for an unknown metric or point. */
export async function verifyPointOrThrow(wh: Warehouse, key: string, body: VerifyPointBody): Promise<VerifyPointResult> {
  const ctx = await openContext(wh);
  currentOrThrow(ctx, key);
  const dimension = body.dimension ?? "";
  const value = body.value ?? "";
  const [stored] = await readStored(ctx, key, `mv.grain = $2 AND mv.period = $3::date AND mv.dimension = $4 AND mv.dimension_value = $5`, [body.grain, body.period, dimension, value]);
  if (!stored)
    throw new NotFoundError(`Metric "${key}" has no stored point at ${body.grain} ${body.period}${dimension ? ` for ${dimension} = ${value}` : ""}.`, "period");
  const slice: PointSlice = { dimension, ...(dimension ? { value } : {}), grains: [{ grain: body.grain, periods: [body.period] }] };
  return verifyStored(ctx, key, slice, stored, await recompute(ctx, key, slice));
}

export interface MetricVerification {
  metric: string;
  points: number;
  matched: number;
  mismatches: VerifyPointResult[];
  ms: number;
}

/**
 * Verifies every stored point of a metric: one recomputation per dimension,
 * covering every grain and period stored for it.
 */
export async function verifyMetric(wh: Warehouse, key: string, options: { context?: Context; grains?: readonly Grain[] } = {}): Promise<MetricVerification> {
  const started = Date.now();
  const ctx = options.context ?? (await openContext(wh));
  currentOrThrow(ctx, key);
  const stored = options.grains ? await readStored(ctx, key, "mv.grain = ANY(string_to_array($2, ','))", [options.grains.join(",")]) : await readStored(ctx, key, "true", []);
  const byDimension = new Map<string, Map<Grain, { periods: Set<string>; points: StoredPoint[] }>>();
  for (const p of stored) {
    const grains = byDimension.get(p.dimension) ?? new Map<Grain, { periods: Set<string>; points: StoredPoint[] }>();
    const g = grains.get(p.grain as Grain) ?? { periods: new Set<string>(), points: [] };
    g.periods.add(p.period);
    g.points.push(p);
    grains.set(p.grain as Grain, g);
    byDimension.set(p.dimension, grains);
  }
  const mismatches: VerifyPointResult[] = [];
  let matched = 0;
  for (const [dimension, grains] of byDimension) {
    const slice: PointSlice = { dimension, grains: [...grains].map(([grain, g]) => ({ grain, periods: [...g.periods].sort() })) };
    const recomputed = await recompute(ctx, key, slice);
    for (const g of grains.values())
      for (const p of g.points) {
        const r = await verifyStored(ctx, key, slice, p, recomputed);
        if (r.match) matched++;
        else mismatches.push(r);
      }
  }
  return { metric: key, points: stored.length, matched, mismatches, ms: Date.now() - started };
}

/** Verifies every stored point of the given metrics (all, when none are given), in key order. */
export async function verifyMetrics(wh: Warehouse, keys?: readonly string[], onMetric?: (v: MetricVerification) => void): Promise<MetricVerification[]> {
  const context = await openContext(wh);
  const targets = keys && keys.length > 0 ? [...keys] : [...context.defs.keys()].sort();
  for (const k of targets) currentOrThrow(context, k);
  const results: MetricVerification[] = [];
  for (const k of targets) {
    const v = await verifyMetric(wh, k, { context });
    onMetric?.(v);
    results.push(v);
  }
  return results;
}
