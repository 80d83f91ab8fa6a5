import "server-only";
import type { Warehouse } from "@/lib/db";
import { GRAINS } from "../definition-schema";
import type { DimensionValues } from "../view-data-schema";

/**
 * The values of each dimension of a metric that have stored points, sorted:
 * what a filter can choose from. Read at the metric's coarsest grain, which
 * has every value in the fewest rows.
 */
export async function listMetricDimensionValues(wh: Warehouse, key: string, grains: readonly string[], dimensions: readonly string[]): Promise<DimensionValues> {
  const coarsest = [...GRAINS].reverse().find((g) => grains.includes(g));
  const result: DimensionValues = Object.fromEntries(dimensions.map((d) => [d, []]));
  if (!coarsest || dimensions.length === 0) return result;
  const rows = await wh.sql.query<{ dimension: string; dimension_value: string }>(
    `SELECT dimension, dimension_value
       FROM metric_value
      WHERE metric_key = $1 AND grain = $2 AND dimension <> ''
      GROUP BY dimension, dimension_value
      ORDER BY dimension, dimension_value COLLATE "C"`,
    [key, coarsest],
  );
  for (const row of rows) result[row.dimension]?.push(row.dimension_value);
  return result;
}
