import "server-only";
import type { SqlParam, Warehouse } from "@/lib/db";
import { NotFoundError } from "@/lib/http/errors";
import type { WarehouseColumns } from "@/lib/metrics/compiler";
import type { Grain } from "@/lib/metrics/definition-schema";
import { evaluateExpression, expressionMetricKeys, parseExpression, type Expr } from "@/lib/metrics/expression";
import { recomputeSql, type PointSlice } from "@/lib/metrics/point-sql";
import { readCurrentDefinitions, type CurrentDefinition } from "@/lib/metrics/queries/metric-records";
import { getWarehouseColumns } from "@/lib/metrics/warehouse-columns";
import { mismatchReason, toleranceOf, valuesMatch, type VerifyPointBody, type VerifyPointResult } from "./verify-schema";

interface Recomputed {
  value: number | null;
  /** Source rows read; null for composed metrics. */
  n: number | null;
}

interface Context {
  wh: Warehouse;
  defs: Map<string, CurrentDefinition>;
  columns: WarehouseColumns;
  schema: string;
  /** Recomputed slices by metric and slice, shared by composed metrics and their inputs. */
  cache: Map<string, Promise<Map<string, Recomputed>>>;
}

const pointKey = (period: string, dimensionValue: string) => `${period}\u0000${dimensionValue}`;

const toNumber = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

async function openContext(wh: Warehouse): Promise<Context> {
  const [defs, { columns, schema }] = await Promise.all([readCurrentDefinitions(wh), getWarehouseColumns(wh.sql)]);
  return { wh, defs, columns, schema, cache: new Map() };
}

function currentOrThrow(ctx: Context, key: string): CurrentDefinition {
  const current = ctx.defs.get(key);
  if (!current) throw new NotFoundError(`There is no metric with key "${key}".`, "key");
  return current;
}

/** Recomputes one slice of a metric from the source rows now: by period and dimension value. */
function recompute(ctx: Context, key: string, slice: PointSlice): Promise<Map<string, Recomputed>> {
  const id = JSON.stringify([key, slice.grain, slice.dimension, slice.value ?? null, slice.periods ?? null]);
  let result = ctx.cache.get(id);
  if (!result) {
    result = recomputeUncached(ctx, key, slice);
    ctx.cache.set(id, result);
  }
  return result;
}

async function recomputeUncached(ctx: Context, key: string, slice: PointSlice): Promise<Map<string, Recomputed>> {
  const d = currentOrThrow(ctx, key).definition;
  if (d.kind === "ratio" || d.kind === "derived") {
    const expr: Expr = d.kind === "ratio" ? { type: "binary", op: "/", left: { type: "metric", key: d.numerator }, right: { type: "metric", key: d.denominator } } : parseExpression(d.expression);
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
  const rows = await ctx.wh.sql.query<{ period: string; dimension_value: string; value: unknown; n: unknown }>(q.sql, q.params);
  return new Map(rows.map((r) => [pointKey(String(r.period), r.dimension_value), { value: toNumber(r.value), n: toNumber(r.n) }]));
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
};

async function readStored(ctx: Context, key: string, where: string, params: SqlParam[]): Promise<StoredPoint[]> {
  return ctx.wh.sql.query<StoredPoint>(
    `SELECT mv.period::text AS period, mv.grain, mv.dimension, mv.dimension_value, mv.value, mv.input_rows, mv.run_id, r.definition_version_id
       FROM metric_value mv LEFT JOIN metric_run r ON r.id = mv.run_id
      WHERE mv.metric_key = $1 AND ${where}
      ORDER BY mv.grain, mv.dimension, mv.dimension_value, mv.period`,
    [key, ...params],
  );
}

function compare(ctx: Context, key: string, grain: Grain, stored: StoredPoint, recomputed: Recomputed | undefined): VerifyPointResult {
  const current = currentOrThrow(ctx, key);
  const tolerance = toleranceOf(current.definition);
  const storedValue = stored.value === null || !Number.isFinite(stored.value) ? null : stored.value;
  // A sourced point with no rows now: a count is 0, anything else has no value.
  const fallback = tolerance === "exact" && current.definition.kind !== "ratio" && current.definition.kind !== "derived" ? { value: 0, n: 0 } : { value: null, n: current.definition.kind === "aggregate" ? 0 : null };
  const now = recomputed ?? fallback;
  const match = valuesMatch(storedValue, now.value, tolerance);
  const result: VerifyPointResult = {
    metric: key,
    grain,
    period: stored.period,
    dimension: stored.dimension,
    value: stored.dimension_value,
    stored: storedValue,
    recomputed: now.value,
    match,
    tolerance,
    runId: stored.run_id,
  };
  if (!match)
    result.reason = mismatchReason({
      runVersionId: stored.definition_version_id,
      currentVersionId: current.version.id,
      storedRows: toNumber(stored.input_rows),
      recomputedRows: now.n,
    });
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
  const recomputed = await recompute(ctx, key, { grain: body.grain, dimension, ...(dimension ? { value } : {}), periods: [body.period] });
  return compare(ctx, key, body.grain, stored, recomputed.get(pointKey(body.period, value)));
}

export interface MetricVerification {
  metric: string;
  points: number;
  matched: number;
  mismatches: VerifyPointResult[];
  ms: number;
}

/** Verifies every stored point of a metric, one recomputation per grain and dimension. */
export async function verifyMetric(wh: Warehouse, key: string, options: { context?: Context; grains?: readonly Grain[] } = {}): Promise<MetricVerification> {
  const started = Date.now();
  const ctx = options.context ?? (await openContext(wh));
  currentOrThrow(ctx, key);
  const stored = options.grains ? await readStored(ctx, key, "mv.grain = ANY(string_to_array($2, ','))", [options.grains.join(",")]) : await readStored(ctx, key, "true", []);
  const groups = new Map<string, { grain: Grain; dimension: string; points: StoredPoint[] }>();
  for (const p of stored) {
    const id = `${p.grain}\u0000${p.dimension}`;
    const group = groups.get(id) ?? { grain: p.grain as Grain, dimension: p.dimension, points: [] };
    group.points.push(p);
    groups.set(id, group);
  }
  const mismatches: VerifyPointResult[] = [];
  let matched = 0;
  for (const g of groups.values()) {
    const periods = [...new Set(g.points.map((p) => p.period))];
    const recomputed = await recompute(ctx, key, { grain: g.grain, dimension: g.dimension, periods });
    for (const p of g.points) {
      const r = compare(ctx, key, g.grain, p, recomputed.get(pointKey(p.period, p.dimension_value)));
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
