import "server-only";
import type { Warehouse } from "@/lib/db";
import { BadRequestError, NotFoundError } from "@/lib/http/errors";
import { CompileError } from "@/lib/metrics/compiler";
import { isSourced, type SourcedMetricDefinition } from "@/lib/metrics/definition-schema";
import { drillSql, type PointRef } from "@/lib/metrics/point-sql";
import { readCurrentDefinitions } from "@/lib/metrics/queries/metric-records";
import { getWarehouseColumns } from "@/lib/metrics/warehouse-columns";
import { toCell, type Cell, type PointRows, type PointRowsQuery } from "./drill-schema";

interface Target {
  definition: SourcedMetricDefinition;
  point: PointRef;
  stored: { value: number | null; runId: string };
}

/** The stored value of one point and the run that wrote it; NotFoundError when there is none. */
export async function getStoredPointOrThrow(wh: Warehouse, key: string, point: PointRef): Promise<{ value: number | null; runId: string }> {
  const [stored] = await wh.sql.query<{ value: number | null; run_id: string }>(
    `SELECT value, run_id FROM metric_value WHERE metric_key = $1 AND grain = $2 AND period = $3::date AND dimension = $4 AND dimension_value = $5`,
    [key, point.grain, point.period, point.dimension, point.value],
  );
  if (!stored) throw new NotFoundError(`Metric "${key}" has no stored point at ${point.grain} ${point.period}${point.dimension ? ` for ${point.dimension} = ${point.value}` : ""}.`, "period");
  return { value: stored.value === null || !Number.isFinite(stored.value) ? null : stored.value, runId: stored.run_id };
}

async function readTargetOrThrow(wh: Warehouse, key: string, q: PointRowsQuery): Promise<Target> {
  const current = (await readCurrentDefinitions(wh)).get(key);
  if (!current) throw new NotFoundError(`There is no metric with key "${key}".`, "key");
  const d = current.definition;
  if (!isSourced(d)) {
    const inputs = d.kind === "ratio" ? [d.numerator, d.denominator].join(" and ") : d.expression;
    throw new BadRequestError("key", `"${key}" is a ${d.kind} metric computed from other metrics (${inputs}); drill into those.`);
  }
  const point: PointRef = { grain: q.grain, period: q.period, dimension: q.dimension ?? "", value: q.value ?? "" };
  return { definition: d, point, stored: await getStoredPointOrThrow(wh, key, point) };
}

async function drillFor(wh: Warehouse, t: Target, page: { limit: number; offset: number; sort?: string; order: "asc" | "desc" }) {
  const { schema, columns } = await getWarehouseColumns(wh.sql);
  try {
    return drillSql(t.definition, columns, schema, t.point, page);
  } catch (error) {
    if (error instanceof CompileError) throw new BadRequestError(error.field === "sort" ? "sort" : "key", error.message);
    throw error;
  }
}

/** One page of the source rows behind a stored point, with their total count. */
export async function getPointRowsOrThrow(wh: Warehouse, key: string, q: PointRowsQuery): Promise<PointRows> {
  const t = await readTargetOrThrow(wh, key, q);
  const sort = q.sort ?? t.definition.time_column;
  const drill = await drillFor(wh, t, { limit: q.pageSize, offset: (q.page - 1) * q.pageSize, sort, order: q.order });
  const [rows, [count]] = await Promise.all([
    wh.sql.query(drill.rows.sql, drill.rows.params),
    wh.sql.query<{ n: unknown }>(drill.count.sql, drill.count.params),
  ]);
  return {
    metric: key,
    grain: q.grain,
    period: q.period,
    dimension: t.point.dimension,
    value: t.point.value,
    point: t.stored,
    table: t.definition.table,
    columns: drill.columns,
    rows: rows.map((r) => drill.columns.map((c) => toCell(r[c]))),
    total: Number(count?.n ?? 0),
    page: q.page,
    pageSize: q.pageSize,
    sort,
    order: q.order,
  };
}

const CSV_BATCH = 5000;

/** Every source row behind a point, in batches: the header first, then rows. Validates before the first batch. */
export async function streamPointRowsOrThrow(wh: Warehouse, key: string, q: PointRowsQuery): Promise<{ columns: string[]; batches: AsyncGenerator<Cell[][]> }> {
  const t = await readTargetOrThrow(wh, key, q);
  const sort = q.sort ?? t.definition.time_column;
  const first = await drillFor(wh, t, { limit: CSV_BATCH, offset: 0, sort, order: q.order });
  async function* batches(): AsyncGenerator<Cell[][]> {
    for (let offset = 0; ; offset += CSV_BATCH) {
      const drill = offset === 0 ? first : await drillFor(wh, t, { limit: CSV_BATCH, offset, sort, order: q.order });
      const rows = await wh.sql.query(drill.rows.sql, drill.rows.params);
      yield rows.map((r) => drill.columns.map((c) => toCell(r[c])));
      if (rows.length < CSV_BATCH) return;
    }
  }
  return { columns: first.columns, batches: batches() };
}
