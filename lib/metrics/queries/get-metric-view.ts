import "server-only";
import { listAnnotations } from "@/lib/annotations/queries/list-annotations";
import type { Viewer } from "@/lib/auth/viewer-schema";
import type { SqlParam, Warehouse } from "@/lib/db";
import { listMetricAnomalies } from "@/lib/anomaly/queries/list-metric-anomalies";
import { listMetricQualityIssues } from "@/lib/quality/queries/list-metric-quality-issues";
import { dayOf } from "../periods";
import { assembleMetricView, type StoredPoint } from "../view-assembly";
import type { MetricViewData } from "../view-data-schema";
import { isAdditiveDefinition, type MetricViewPlan, planMetricView, type ViewMetric } from "../view-plan";
import type { MetricView } from "../view-schema";
import { readCurrentDefinitions, readDataBounds, readLastRuns } from "./metric-records";
import { assertMetricVisibleOrThrow, readMetricVisibility } from "./metric-visibility";

/** The one filter of a view, as the anomaly query names a slice. */
function filterOf(view: MetricView): { name: string; value: string } | null {
  const [filter] = Object.entries(view.filters);
  return filter ? { name: filter[0], value: filter[1] } : null;
}

/** The points a plan reads between two days: its series, and the total when "Other" needs it. */
async function readPoints(wh: Warehouse, plan: MetricViewPlan, from: string, to: string): Promise<StoredPoint[]> {
  const { dimension, value, withTotal } = plan.read;
  const params: SqlParam[] = [plan.metric.key, plan.grain, from, to, dimension];
  let slice = "dimension = $5";
  if (value !== null) {
    params.push(value);
    slice += ` AND dimension_value = $${params.length}`;
  }
  if (withTotal) slice = `(${slice}) OR (dimension = '' AND dimension_value = '')`;
  const rows = await wh.sql.query<{ period: string; dimension: string; dimension_value: string; value: number | null; run_id: string }>(
    `SELECT period, dimension, dimension_value, value, run_id
       FROM metric_value
      WHERE metric_key = $1 AND grain = $2 AND period >= $3::date AND period <= $4::date AND (${slice})
      ORDER BY period, dimension, dimension_value COLLATE "C"`,
    params,
  );
  return rows.map((r) => ({
    period: String(r.period),
    dimension: r.dimension,
    dimensionValue: r.dimension_value,
    value: r.value === null || !Number.isFinite(r.value) ? null : r.value,
    runId: r.run_id,
  }));
}

/**
 * Everything a chart of one metric needs for `view`: the range resolved
 * against the metric's data, the grain within the point budget, the series
 * (total, a filtered slice, or top values plus "Other"), the comparison aligned
 * period by period, the run of every stored point, and what was ignored and why.
 * Throws NotFoundError for an unknown metric or one the viewer may not see; a view the metric cannot show is
 * reduced to one it can, with warnings.
 */
export async function getMetricView(
  wh: Warehouse,
  viewer: Viewer,
  key: string,
  view: MetricView,
  options: { today?: string; maxPoints?: number } = {},
): Promise<MetricViewData> {
  const definitions = await readCurrentDefinitions(wh);
  await assertMetricVisibleOrThrow(wh, viewer, key, definitions);
  const current = definitions.get(key)!;
  const visible = await readMetricVisibility(wh, viewer, definitions);
  const [bounds, lastRuns, qualityIssues] = await Promise.all([
    readDataBounds(wh, key, current.grains),
    readLastRuns(wh, key),
    listMetricQualityIssues(wh.sql, key, (k) => definitions.get(k)?.definition),
  ]);
  const d = current.definition;
  const metric: ViewMetric = {
    key,
    name: d.name,
    kind: d.kind,
    unit: d.unit,
    ...(d.currency ? { currency: d.currency } : {}),
    direction: d.direction,
    grains: current.grains,
    dimensions: current.dimensions,
    additive: isAdditiveDefinition(d),
  };
  const plan = planMetricView({ metric, view, bounds, today: options.today ?? dayOf(new Date()), maxPoints: options.maxPoints });
  const [points, comparisonPoints, annotations, anomalies] = await Promise.all([
    readPoints(wh, plan, plan.range.from, plan.range.to),
    plan.comparison ? readPoints(wh, plan, plan.comparison.from, plan.comparison.to) : Promise.resolve([]),
    listAnnotations(wh.sql, visible, { metric: key, from: plan.range.from, to: plan.range.to }),
    // Anomalies are found on the daily series (the total, or the filtered slice) and marked in the drawn buckets.
    current.grains.includes("day")
      ? listMetricAnomalies(wh, metric, {
          grain: "day",
          from: plan.range.from,
          to: plan.range.to,
          ...(filterOf(view) ? { dimension: filterOf(view)! } : {}),
        })
      : Promise.resolve([]),
  ]);
  return assembleMetricView(plan, { points, comparisonPoints, lastRun: lastRuns.get(key) ?? null, qualityIssues, annotations, anomalies });
}
