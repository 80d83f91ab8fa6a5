import "server-only";
import type { SqlParam, Warehouse } from "@/lib/db";
import { NotFoundError } from "@/lib/http/errors";
import { headlineGrain } from "@/lib/intent/status-summary";
import { periodEnd } from "@/lib/metrics/chart-rows";
import { addPeriods, bucketStart } from "@/lib/metrics/periods";
import { readCurrentDefinitions, readDataBounds, type CurrentDefinition } from "@/lib/metrics/queries/metric-records";
import { assembleMetricDrivers, driverMethodOf, resolveDriverPeriods } from "../drivers-assembly";
import type { DriversSelection, MetricDrivers } from "../drivers-schema";

/** The first and last periods at `grain` wholly inside [from, through]. */
function completeBounds(grain: Parameters<typeof bucketStart>[1], from: string | null, through: string | null): MetricDrivers["bounds"] {
  if (from === null || through === null) return { first: null, last: null };
  const firstStart = bucketStart(from, grain);
  const first = firstStart === from ? from : addPeriods(firstStart, grain, 1);
  const lastStart = bucketStart(through, grain);
  const last = periodEnd(lastStart, grain) <= through ? lastStart : addPeriods(lastStart, grain, -1);
  return first <= last ? { first, last } : { first: null, last: null };
}

/**
 * What drove a metric's change between two periods (by default the latest
 * complete one and the one before), for every dimension it is stored by: one
 * read of its values (and, for a ratio, its numerator's and denominator's) at
 * both periods. `definitions` passes what a caller already read.
 * Throws NotFoundError for an unknown metric; returns null when the metric has
 * fewer than two complete periods at the grain.
 */
export async function getMetricDriversOrThrow(
  wh: Warehouse,
  key: string,
  selection: DriversSelection = {},
  reads: { definitions?: Map<string, CurrentDefinition> } = {},
): Promise<MetricDrivers | null> {
  const definitions = reads.definitions ?? (await readCurrentDefinitions(wh));
  const current = definitions.get(key);
  if (!current) throw new NotFoundError(`There is no metric with key "${key}".`, "key");
  const d = current.definition;
  const warnings: string[] = [];
  let grain = headlineGrain(current.grains);
  if (selection.grain !== undefined) {
    if (current.grains.includes(selection.grain)) grain = selection.grain;
    else warnings.push(`${d.name} has no ${selection.grain} grain (grains: ${current.grains.join(", ")}); comparing ${grain}s.`);
  }
  const dataBounds = await readDataBounds(wh, key, current.grains);
  const bounds = completeBounds(grain, dataBounds.from, dataBounds.through);
  const periods = resolveDriverPeriods(grain, selection, bounds);
  if (!periods) return null;
  warnings.push(...periods.warnings);
  if (current.dimensions.length === 0) warnings.push(`${d.name} is not stored by any dimension, so there is nothing to split its change by.`);

  const method = driverMethodOf(d, (k) => definitions.get(k)?.definition);
  const ratio = method === "ratio" && d.kind === "ratio" ? { numerator: d.numerator, denominator: d.denominator } : null;
  const keys = ratio ? [key, ratio.numerator, ratio.denominator] : [key];
  const params: SqlParam[] = [grain, periods.previousPeriod, periods.currentPeriod, ...keys];
  const rows = await wh.sql.query<{ metric_key: string; period: string; dimension: string; dimension_value: string; value: number | null }>(
    `SELECT metric_key, period, dimension, dimension_value, value
       FROM metric_value
      WHERE grain = $1 AND period IN ($2::date, $3::date)
        AND metric_key IN (${keys.map((_, i) => `$${i + 4}`).join(", ")})`,
    params,
  );
  return assembleMetricDrivers({
    metric: {
      key,
      name: d.name,
      unit: d.unit,
      ...(d.currency ? { currency: d.currency } : {}),
      direction: d.direction,
      ...(ratio ?? {}),
    },
    method,
    grain,
    previousPeriod: periods.previousPeriod,
    currentPeriod: periods.currentPeriod,
    dimensions: current.dimensions,
    rows: rows.map((r) => ({
      metricKey: r.metric_key,
      period: String(r.period),
      dimension: r.dimension,
      dimensionValue: r.dimension_value,
      value: r.value === null || !Number.isFinite(r.value) ? null : r.value,
    })),
    bounds,
    warnings,
  });
}
