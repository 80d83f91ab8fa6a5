import "server-only";
import type { Warehouse } from "@/lib/db";
import type { Grain, Unit } from "@/lib/metrics/definition-schema";
import { addDays, addPeriods } from "@/lib/metrics/periods";
import { detectAnomalies, LOOKBACK, type Anomaly } from "../detect";

export interface AnomalyMetric {
  key: string;
  name: string;
  unit: Unit;
  currency?: string;
}

export interface AnomalyQuery {
  grain?: Grain;
  /** Flag from this period on (YYYY-MM-DD); the baseline still reads the 8 weeks (or periods) before it. */
  from?: string;
  to?: string;
  /** One slice, e.g. country = KR; the total series when omitted. */
  dimension?: { name: string; value: string };
}

/** The flagged points of a metric's stored series (the total, or one slice), oldest first. */
export async function listMetricAnomalies(wh: Warehouse, metric: AnomalyMetric, query: AnomalyQuery = {}): Promise<Anomaly[]> {
  const grain = query.grain ?? "day";
  const params: (string | null)[] = [metric.key, grain, query.dimension?.name ?? "", query.dimension?.value ?? ""];
  // The baseline of the first flagged period reaches back LOOKBACK weeks (day) or periods.
  const historyFrom = query.from ? (grain === "day" ? addDays(query.from, -7 * LOOKBACK) : addPeriods(query.from, grain, -LOOKBACK)) : null;
  params.push(historyFrom, query.to ?? null);
  const rows = await wh.sql.query<{ period: string; value: number | null }>(
    `SELECT period, value
       FROM metric_value
      WHERE metric_key = $1 AND grain = $2 AND dimension = $3 AND dimension_value = $4
        AND ($5::date IS NULL OR period >= $5::date)
        AND ($6::date IS NULL OR period <= $6::date)
      ORDER BY period`,
    params,
  );
  return detectAnomalies({
    name: metric.name,
    format: { unit: metric.unit, ...(metric.currency ? { currency: metric.currency } : {}) },
    grain,
    points: rows.map((r) => ({ period: String(r.period), value: r.value === null || !Number.isFinite(r.value) ? null : r.value })),
    ...(query.from ? { from: query.from } : {}),
  });
}
