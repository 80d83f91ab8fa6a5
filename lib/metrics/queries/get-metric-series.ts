import "server-only";
import { viewerAccessScope, type Viewer } from "@/lib/auth/viewer-schema";
import type { SqlParam, Warehouse } from "@/lib/db";
import { cachedRead } from "@/lib/db/cached-read";
import { BadRequestError, NotFoundError } from "@/lib/http/errors";
import { SerializedJson } from "@/lib/http/respond";
import { MAX_SERIES_POINTS, type SeriesPoint, type SeriesQuery, type SeriesResponse } from "../api-schema";
import { downsampleRows } from "../downsample-rows";
import { bucketStart, countPeriods } from "../periods";
import { chooseGrain, clipToData, describeResolution, type GrainChoice } from "../view-plan";
import { readDataBoundsByGrain, type CurrentDefinition } from "./metric-records";
import { assertMetricVisibleOrThrow, readVisibleDefinitionsOrThrow } from "./metric-visibility";

const quoted = (values: readonly string[]) => values.map((v) => `"${v}"`).join(", ");

/**
 * Stored points of one metric at one grain, ordered by period (then dimension
 * value): the total series, one slice (`filters`), or every value of one
 * dimension (`by`). Values are stored per single dimension, so a slice of one
 * dimension broken down by another does not exist. `definitions` passes the
 * current definitions a caller already read (the overview reads them all once).
 */
export async function getMetricSeries(
  wh: Warehouse,
  viewer: Viewer,
  key: string,
  asked: Omit<SeriesQuery, "maxPoints"> & Partial<Pick<SeriesQuery, "maxPoints">>,
  definitions?: ReadonlyMap<string, CurrentDefinition>,
): Promise<SeriesResponse> {
  // Answered from memory while no metric value or definition changed; per access scope.
  return cachedRead(wh, seriesCacheKey("series", viewer, key, asked), () => readMetricSeries(wh, viewer, key, asked, definitions));
}

/** The same answer serialized once per data version: what GET /series sends (a year by country is ~100 kB of JSON). */
export async function getMetricSeriesJson(wh: Warehouse, viewer: Viewer, key: string, asked: SeriesQuery): Promise<SerializedJson> {
  return cachedRead(wh, seriesCacheKey("series json", viewer, key, asked), async () => new SerializedJson(JSON.stringify(await readMetricSeries(wh, viewer, key, asked))));
}

/** period, dimension value, value (a number, NaN or ±Infinity as a number or as JSON's strings, or null), run id. */
type PointTuple = [string, string, number | string | null, string];

/**
 * Stored points at `grain` of the total, the one filtered value, or every
 * value of `query.by`, from `from` through `query.to`. The embedded PGlite
 * sends them as one JSON array: it hands back a two-year daily series (732
 * rows) in 2.3 ms that way against 5 ms as rows, most of it spent decoding
 * each row in JavaScript; PostgreSQL's rows are faster than its JSON (0.9 ms
 * against 1.4 ms).
 */
async function readPoints(wh: Warehouse, key: string, query: SeriesQuery, filter: [string, string] | undefined, grain: string, from: string | undefined): Promise<PointTuple[]> {
  const params: SqlParam[] = [key, grain, query.by ?? filter?.[0] ?? ""];
  const where = ["metric_key = $1", "grain = $2", "dimension = $3"];
  const bind = (condition: (placeholder: string) => string, value: SqlParam) => {
    params.push(value);
    where.push(condition(`$${params.length}`));
  };
  if (filter) bind((p) => `dimension_value = ${p}`, filter[1]);
  else if (query.by === undefined) bind((p) => `dimension_value = ${p}`, "");
  if (from) bind((p) => `period >= ${p}::date`, from);
  if (query.to) bind((p) => `period <= ${p}::date`, query.to);
  const order = `period${query.by === undefined ? "" : `, dimension_value COLLATE "C"`}`;
  if (wh.kind === "pglite") {
    const [row] = await wh.sql.query<{ points: PointTuple[] }>(
      `SELECT COALESCE(json_agg(json_build_array(period, dimension_value, value, run_id) ORDER BY ${order}), '[]') AS points FROM metric_value WHERE ${where.join(" AND ")}`,
      params,
    );
    return row?.points ?? [];
  }
  const rows = await wh.sql.query<{ period: string; dimension_value: string; value: number | null; run_id: string }>(
    `SELECT period, dimension_value, value, run_id FROM metric_value WHERE ${where.join(" AND ")} ORDER BY ${order}`,
    params,
  );
  return rows.map((r) => [String(r.period), r.dimension_value, r.value, r.run_id]);
}

function seriesCacheKey(kind: string, viewer: Viewer, key: string, asked: Omit<SeriesQuery, "maxPoints"> & Partial<Pick<SeriesQuery, "maxPoints">>): string {
  const filters = Object.fromEntries(Object.entries(asked.filters).sort(([a], [b]) => a.localeCompare(b)));
  return JSON.stringify([kind, key, viewerAccessScope(viewer), asked.grain, asked.by ?? null, filters, asked.from ?? null, asked.to ?? null, asked.maxPoints ?? null]);
}

async function readMetricSeries(
  wh: Warehouse,
  viewer: Viewer,
  key: string,
  asked: Omit<SeriesQuery, "maxPoints"> & Partial<Pick<SeriesQuery, "maxPoints">>,
  definitions?: ReadonlyMap<string, CurrentDefinition>,
): Promise<SeriesResponse> {
  const query: SeriesQuery = { ...asked, maxPoints: asked.maxPoints ?? MAX_SERIES_POINTS };
  const [filter, extra] = Object.entries(query.filters);
  // A range that fits at the asked grain is answered at that grain whatever
  // the data's bounds, so its points are read alongside the definitions
  // (one round trip instead of two); otherwise the data bounds are, to choose
  // the grain. Either is used only once the metric is known to be visible.
  const asAsked = query.from !== undefined && query.to !== undefined && query.from <= query.to && countPeriods(query.from, query.to, query.grain) <= query.maxPoints;
  const early = asAsked ? readPoints(wh, key, query, filter, query.grain, query.from) : undefined;
  early?.catch(() => undefined); // awaited below; dropped when a check fails
  const [defs, boundsFor] = await Promise.all([
    definitions ? assertMetricVisibleOrThrow(wh, viewer, key, definitions).then(() => definitions) : readVisibleDefinitionsOrThrow(wh, viewer, key),
    asAsked ? undefined : readDataBoundsByGrain(wh, key),
  ]);
  const current = defs.get(key);
  if (!current) throw new NotFoundError(`There is no metric with key "${key}".`, "key");
  const { grains, dimensions } = current;

  if (!grains.includes(query.grain)) {
    throw new BadRequestError("grain", `Metric "${key}" has no ${query.grain} grain; use one of ${quoted(grains)}.`);
  }
  const noDimensions = `Metric "${key}" has no dimensions.`;
  if (query.by !== undefined && !dimensions.includes(query.by)) {
    throw new BadRequestError("by", dimensions.length ? `Metric "${key}" has no dimension "${query.by}"; use one of ${quoted(dimensions)}.` : noDimensions);
  }
  if (extra) {
    throw new BadRequestError(`filter.${extra[0]}`, "Only one filter at a time is supported: values are stored per single dimension.");
  }
  if (filter) {
    const [dimension] = filter;
    if (!dimensions.includes(dimension)) {
      throw new BadRequestError(
        `filter.${dimension}`,
        dimensions.length ? `Metric "${key}" has no dimension "${dimension}"; use one of ${quoted(dimensions)}.` : noDimensions,
      );
    }
    if (query.by !== undefined && query.by !== dimension) {
      throw new BadRequestError(
        `filter.${dimension}`,
        `A filter on "${dimension}" cannot be combined with by=${query.by}: values are stored per single dimension.`,
      );
    }
  }

  // Never more periods than a chart draws: a coarser grain of the metric if one fits, else LTTB.
  const bounds = boundsFor?.(grains);
  const span = bounds ? clipToData(query.from ?? bounds.from ?? "0001-01-01", query.to ?? bounds.through ?? "9999-12-31", bounds) : null;
  const choice: Pick<GrainChoice, "grain" | "movedFrom"> = bounds ? chooseGrain({ requested: query.grain, grains, span, maxPoints: query.maxPoints }) : { grain: query.grain, movedFrom: null };
  // A coarser grain starts its first bucket on or before `from`, so that bucket is included.
  const rows = await (early ?? readPoints(wh, key, query, filter, choice.grain, query.from && choice.movedFrom ? bucketStart(query.from, choice.grain) : query.from));
  let points: SeriesPoint[] = rows.map(([period, dimensionValue, value, runId]) => ({
    period,
    value: typeof value === "number" && Number.isFinite(value) ? value : null,
    runId,
    ...(query.by === undefined ? {} : { dimension: dimensionValue }),
  }));

  // Downsample periods, not points: every series keeps the same periods, chosen by the shape of their sum.
  const sums = new Map<string, number>();
  for (const p of points) sums.set(p.period, (sums.get(p.period) ?? 0) + (p.value ?? 0));
  const periods = [...sums.keys()];
  let downsampled: SeriesResponse["downsampled"] = null;
  if (periods.length > query.maxPoints) {
    const kept = new Set(downsampleRows(periods, query.maxPoints, (period) => sums.get(period) ?? null));
    points = points.filter((p) => kept.has(p.period));
    downsampled = { returned: kept.size, total: periods.length };
  }
  const note = describeResolution({
    grain: choice.grain,
    movedFrom: choice.movedFrom,
    movedFromPeriods: choice.movedFrom && span ? chooseGrain({ requested: query.grain, grains: [query.grain], span, maxPoints: Infinity }).periods : undefined,
    downsampled: downsampled && { drawn: downsampled.returned, total: downsampled.total },
    maxPoints: query.maxPoints,
  });
  return {
    metric: key,
    grain: choice.grain,
    ...(query.by === undefined ? {} : { by: query.by }),
    from: query.from ?? null,
    to: query.to ?? null,
    points,
    requestedGrain: query.grain,
    maxPoints: query.maxPoints,
    downsampled,
    note: note && note.replace(/ are drawn, /, " are returned, ").replace(/ a chart draws/, " asked for (maxPoints)").replace(/; the table and CSV hold the same [\d,]+\./, "."),
  };
}
