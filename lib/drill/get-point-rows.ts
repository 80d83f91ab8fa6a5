import "server-only";
import type { Viewer } from "@/lib/auth/viewer-schema";
import type { Warehouse } from "@/lib/db";
import { BadRequestError, ForbiddenError, NotFoundError } from "@/lib/http/errors";
import { maskedColumnsFor, readTableAccess, tableRestrictionFor } from "@/lib/lineage/table-access";
import { CompileError } from "@/lib/metrics/compiler";
import { isSourced, type SourcedMetricDefinition } from "@/lib/metrics/definition-schema";
import { drillSql, type PointRef } from "@/lib/metrics/point-sql";
import { readCurrentDefinitions } from "@/lib/metrics/queries/metric-records";
import { assertMetricVisibleOrThrow } from "@/lib/metrics/queries/metric-visibility";
import { getWarehouseColumns } from "@/lib/metrics/warehouse-columns";
import { MASKED_CELL, toCell, type Cell, type PointRows, type PointRowsQuery } from "./drill-schema";

interface Target {
  definition: SourcedMetricDefinition;
  point: PointRef;
  stored: { value: number | null; runId: string };
  /** Columns whose values the viewer sees as MASKED_CELL. */
  masked: string[];
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

async function readTargetOrThrow(wh: Warehouse, viewer: Viewer, key: string, q: PointRowsQuery): Promise<Target> {
  const definitions = await readCurrentDefinitions(wh);
  await assertMetricVisibleOrThrow(wh, viewer, key, definitions);
  const d = definitions.get(key)!.definition;
  if (!isSourced(d)) {
    const inputs = d.kind === "ratio" ? [d.numerator, d.denominator].join(" and ") : d.expression;
    throw new BadRequestError("key", `"${key}" is a ${d.kind} metric computed from other metrics (${inputs}); drill into those.`);
  }
  const access = readTableAccess();
  const needed = tableRestrictionFor(viewer, access, d.table);
  if (needed) throw new ForbiddenError(`The rows of table "${d.table}" are restricted to the group${needed.length > 1 ? "s" : ""} ${needed.map((g) => `"${g}"`).join(" or ")}; ask an admin to add you to ${needed.length > 1 ? "one of them" : "it"}.`);
  const masked = maskedColumnsFor(viewer, access, d.table);
  // Ordering by a masked column would reveal its values through the row order.
  if (q.sort && masked.includes(q.sort)) throw new BadRequestError("sort", `Column "${q.sort}" is masked for your role, so rows cannot be sorted by it.`);
  const point: PointRef = { grain: q.grain, period: q.period, dimension: q.dimension ?? "", value: q.value ?? "" };
  return { definition: d, point, stored: await getStoredPointOrThrow(wh, key, point), masked };
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

/** The rows' cells as the viewer may see them: masked columns replaced whatever their value, null included. */
function cellsOf(rows: readonly Record<string, unknown>[], columns: readonly string[], masked: readonly string[]): Cell[][] {
  const hide = columns.map((c) => masked.includes(c));
  return rows.map((r) => columns.map((c, i) => (hide[i] ? MASKED_CELL : toCell(r[c]))));
}

/** One page of the source rows behind a stored point, with their total count. ForbiddenError for a table restricted to groups the viewer is not in. */
export async function getPointRowsOrThrow(wh: Warehouse, viewer: Viewer, key: string, q: PointRowsQuery): Promise<PointRows> {
  const t = await readTargetOrThrow(wh, viewer, key, q);
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
    rows: cellsOf(rows, drill.columns, t.masked),
    masked: t.masked.filter((c) => drill.columns.includes(c)),
    total: Number(count?.n ?? 0),
    page: q.page,
    pageSize: q.pageSize,
    sort,
    order: q.order,
  };
}

const CSV_BATCH = 5000;

/** Every source row behind a point, in batches: the header first, then rows. Validates before the first batch. */
export async function streamPointRowsOrThrow(wh: Warehouse, viewer: Viewer, key: string, q: PointRowsQuery): Promise<{ columns: string[]; batches: AsyncGenerator<Cell[][]> }> {
  const t = await readTargetOrThrow(wh, viewer, key, q);
  const sort = q.sort ?? t.definition.time_column;
  const first = await drillFor(wh, t, { limit: CSV_BATCH, offset: 0, sort, order: q.order });
  async function* batches(): AsyncGenerator<Cell[][]> {
    for (let offset = 0; ; offset += CSV_BATCH) {
      const drill = offset === 0 ? first : await drillFor(wh, t, { limit: CSV_BATCH, offset, sort, order: q.order });
      const rows = await wh.sql.query(drill.rows.sql, drill.rows.params);
      yield cellsOf(rows, drill.columns, t.masked);
      if (rows.length < CSV_BATCH) return;
    }
  }
  return { columns: first.columns, batches: batches() };
}
