import "server-only";
import type { SqlParam, Warehouse } from "@/lib/db";
import { readCurrentDefinitions, readDataThrough, type MetricReads } from "@/lib/metrics/queries/metric-records";
import { addPeriods, bucketStart } from "@/lib/metrics/periods";
import { headlineGrain, type MetricStatusSummary, statusHistoryPeriods, summarizeMetricStatus } from "../status-summary";

/**
 * Status and labelled deltas of every metric (or those in `keys`) at its
 * headline grain, in catalog order of `keys` or by key. One read of the
 * total series for all of them; `reads` passes definitions and freshness a
 * caller already has.
 */
export async function listMetricStatuses(wh: Warehouse, keys?: readonly string[], reads: MetricReads = {}): Promise<MetricStatusSummary[]> {
  const [definitions, dataThrough] = await Promise.all([reads.definitions ?? readCurrentDefinitions(wh), reads.dataThrough ?? readDataThrough(wh)]);
  const wanted = (keys ?? [...definitions.keys()].sort()).flatMap((key) => definitions.get(key) ?? []);
  const params: SqlParam[] = [];
  const rows: string[] = [];
  for (const current of wanted) {
    const through = dataThrough.get(current.key);
    if (!through) continue;
    const grain = headlineGrain(current.grains);
    params.push(current.key, grain, addPeriods(bucketStart(through, grain), grain, -(statusHistoryPeriods(grain) + 1)));
    const n = params.length;
    rows.push(`($${n - 2}::text, $${n - 1}::text, $${n}::date)`);
  }
  const stored = rows.length
    ? await wh.sql.query<{ metric_key: string; period: string; value: number | null }>(
        `SELECT v.metric_key, v.period, v.value
           FROM (VALUES ${rows.join(", ")}) AS w(metric_key, grain, since)
           JOIN metric_value v ON v.metric_key = w.metric_key AND v.grain = w.grain AND v.period >= w.since
          WHERE v.dimension = '' AND v.dimension_value = ''`,
        params,
      )
    : [];
  const pointsByKey = new Map<string, { period: string; value: number | null }[]>();
  for (const row of stored) {
    const list = pointsByKey.get(row.metric_key) ?? [];
    list.push({ period: String(row.period), value: row.value });
    pointsByKey.set(row.metric_key, list);
  }
  return wanted.map((current) => {
    const d = current.definition;
    return summarizeMetricStatus({
      metric: {
        key: current.key,
        name: d.name,
        unit: d.unit,
        ...(d.currency ? { currency: d.currency } : {}),
        direction: d.direction,
        ...(d.target ? { target: d.target } : {}),
        ...(d.bands ? { bands: d.bands } : {}),
      },
      grain: headlineGrain(current.grains),
      dataThrough: dataThrough.get(current.key) ?? null,
      points: pointsByKey.get(current.key) ?? [],
    });
  });
}
