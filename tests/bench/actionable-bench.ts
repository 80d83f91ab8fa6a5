// What the Actionable layer adds to each compute: anomaly detection over every
// daily series (each metric's total and every dimension value) and the alert
// rules' evaluation, timed on the computed warehouse and put beside the
// compute itself. Target: together under 0.1 of the compute.
import type { Warehouse } from "@/lib/db/warehouse";
import { detectAnomalies } from "@/lib/anomaly/detect";
import { evaluateAlerts } from "@/lib/alerts/evaluate";
import { readCurrentDefinitions } from "@/lib/metrics/queries/metric-records";
import { formatDuration, renderTable } from "./report";

export const ACTIONABLE_RATIO_TARGET = 0.1;

export interface ActionableBench {
  kind: "pglite" | "postgres";
  computeMs: number;
  series: number;
  flagged: number;
  anomalyMs: number;
  alertRules: number;
  alertMs: number;
}

export async function benchActionable(kind: ActionableBench["kind"], wh: Warehouse, computeMs: number, log: (line: string) => void): Promise<ActionableBench> {
  const definitions = await readCurrentDefinitions(wh);
  let series = 0;
  let flagged = 0;
  log(`[${kind}] anomaly detection over every daily series ...`);
  const started = performance.now();
  for (const current of definitions.values()) {
    if (!current.grains.includes("day")) continue;
    const d = current.definition;
    const metric = { key: current.key, name: d.name, unit: d.unit, ...(d.currency ? { currency: d.currency } : {}) };
    // One read per metric, every slice at once, as a post-compute pass would do it.
    const rows = await wh.sql.query<{ dimension: string; dimension_value: string; period: string; value: number | null }>(
      `SELECT dimension, dimension_value, period::text AS period, value FROM metric_value WHERE metric_key = $1 AND grain = 'day' ORDER BY dimension, dimension_value, period`,
      [current.key],
    );
    const slices = new Map<string, { period: string; value: number | null }[]>();
    for (const r of rows) {
      const id = `${r.dimension}\u0000${r.dimension_value}`;
      let points = slices.get(id);
      if (!points) slices.set(id, (points = []));
      points.push({ period: r.period, value: r.value === null || !Number.isFinite(r.value) ? null : Number(r.value) });
    }
    for (const points of slices.values()) {
      flagged += detectAnomalies({ name: metric.name, format: { unit: metric.unit, ...(metric.currency ? { currency: metric.currency } : {}) }, grain: "day", points }).length;
      series += 1;
    }
  }
  const anomalyMs = performance.now() - started;
  log(`[${kind}] alert rules ...`);
  const defs = [...definitions.values()].map((c) => c.definition);
  const alertStarted = performance.now();
  await evaluateAlerts(wh, defs);
  const alertMs = performance.now() - alertStarted;
  const alertRules = defs.reduce((n, d) => n + (d.alerts?.length ?? 0), 0);
  return { kind, computeMs, series, flagged, anomalyMs, alertRules, alertMs };
}

export function renderActionableSection(results: readonly ActionableBench[]): string[] {
  if (results.length === 0) return [];
  const rows = results.map((r) => {
    const ratio = (r.anomalyMs + r.alertMs) / r.computeMs;
    return [
      r.kind,
      formatDuration(r.computeMs),
      `${r.series} series, ${r.flagged} flagged`,
      formatDuration(r.anomalyMs),
      `${r.alertRules} rules`,
      formatDuration(r.alertMs),
      `${ratio.toFixed(3)} ${ratio <= ACTIONABLE_RATIO_TARGET ? "PASS" : "MISS"}`,
    ];
  });
  return [
    `Anomaly detection and alert evaluation per compute (target: together under ${ACTIONABLE_RATIO_TARGET} of the compute)`,
    ...renderTable(["warehouse", "compute", "daily series", "anomalies", "alert rules", "alerts", "ratio"], rows),
  ];
}
