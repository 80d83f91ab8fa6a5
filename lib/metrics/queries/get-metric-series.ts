import "server-only";
import type { SqlParam, Warehouse } from "@/lib/db";
import { BadRequestError, NotFoundError } from "@/lib/http/errors";
import type { SeriesPoint, SeriesQuery, SeriesResponse } from "../api-schema";
import { readCurrentDefinitions } from "./metric-records";

const quoted = (values: readonly string[]) => values.map((v) => `"${v}"`).join(", ");

/**
 * Stored points of one metric at one grain, ordered by period (then dimension
 * value): the total series, one slice (`filters`), or every value of one
 * dimension (`by`). Values are stored per single dimension, so a slice of one
 * dimension broken down by another does not exist.
 */
export async function getMetricSeries(wh: Warehouse, key: string, query: SeriesQuery): Promise<SeriesResponse> {
  const current = (await readCurrentDefinitions(wh)).get(key);
  if (!current) throw new NotFoundError(`There is no metric with key "${key}".`, "key");
  const { grains, dimensions } = current;

  if (!grains.includes(query.grain)) {
    throw new BadRequestError("grain", `Metric "${key}" has no ${query.grain} grain; use one of ${quoted(grains)}.`);
  }
  const noDimensions = `Metric "${key}" has no dimensions.`;
  if (query.by !== undefined && !dimensions.includes(query.by)) {
    throw new BadRequestError("by", dimensions.length ? `Metric "${key}" has no dimension "${query.by}"; use one of ${quoted(dimensions)}.` : noDimensions);
  }
  const filters = Object.entries(query.filters);
  const [filter, extra] = filters;
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

  const params: SqlParam[] = [key, query.grain, query.by ?? filter?.[0] ?? ""];
  const where = ["metric_key = $1", "grain = $2", "dimension = $3"];
  const bind = (condition: (placeholder: string) => string, value: SqlParam) => {
    params.push(value);
    where.push(condition(`$${params.length}`));
  };
  if (filter) bind((p) => `dimension_value = ${p}`, filter[1]);
  else if (query.by === undefined) bind((p) => `dimension_value = ${p}`, "");
  if (query.from) bind((p) => `period >= ${p}::date`, query.from);
  if (query.to) bind((p) => `period <= ${p}::date`, query.to);

  const rows = await wh.sql.query<{ period: string; dimension_value: string; value: number | null; run_id: string }>(
    `SELECT period, dimension_value, value, run_id
       FROM metric_value
      WHERE ${where.join(" AND ")}
      ORDER BY period, dimension_value COLLATE "C"`,
    params,
  );
  const points: SeriesPoint[] = rows.map((row) => ({
    period: String(row.period),
    value: row.value === null || !Number.isFinite(row.value) ? null : row.value,
    runId: row.run_id,
    ...(query.by === undefined ? {} : { dimension: row.dimension_value }),
  }));
  return {
    metric: key,
    grain: query.grain,
    ...(query.by === undefined ? {} : { by: query.by }),
    from: query.from ?? null,
    to: query.to ?? null,
    points,
  };
}
