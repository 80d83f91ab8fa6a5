import "server-only";
import { randomUUID } from "node:crypto";
import type { SqlParam, Warehouse } from "@/lib/db";
import { GRAINS, type Grain, type MetricDefinition } from "@/lib/metrics/definition-schema";
import { dataThroughOf, evaluateRule, type AlertWindows, type FiredAlert, type SeriesPoint } from "./rules";

export interface EvaluateAlertsOptions {
  /** The compute that wrote the values, recorded on each alert. */
  computeId?: string | null;
  windows?: AlertWindows;
}

export interface EvaluateAlertsResult {
  /** Metrics that have rules and were evaluated. */
  metrics: number;
  /** Alerts the rules fired, including those already stored for their period. */
  candidates: number;
  /** Alerts newly stored: a period that fired before is never stored twice. */
  fired: number;
  ms: number;
}

// Rows per INSERT: 16 parameters each, well under PostgreSQL's 65535.
const INSERT_CHUNK = 500;
const COLUMNS = ["id", "metric_key", "rule_id", "rule_kind", "grain", "period", "severity", "message", "value", "expected", "detail", "status", "fired_at", "compute_id", "run_id"] as const;

async function insertAlerts(wh: Warehouse, alerts: readonly FiredAlert[], computeId: string | null, firedAt: Date): Promise<number> {
  let inserted = 0;
  for (let start = 0; start < alerts.length; start += INSERT_CHUNK) {
    const chunk = alerts.slice(start, start + INSERT_CHUNK);
    const params: SqlParam[] = [];
    const rows = chunk.map((a) => {
      const values: SqlParam[] = [randomUUID(), a.metricKey, a.ruleId, a.ruleKind, a.grain, a.period, a.severity, a.message, a.value, a.expected, JSON.stringify(a.detail), "open", firedAt, computeId, a.runId];
      const placeholders = values.map((_, i) => {
        const n = params.length + i + 1;
        return COLUMNS[i] === "period" ? `$${n}::date` : COLUMNS[i] === "detail" ? `$${n}::jsonb` : `$${n}`;
      });
      params.push(...values);
      return `(${placeholders.join(", ")})`;
    });
    const written = await wh.sql.query<{ id: string }>(
      `INSERT INTO alert (${COLUMNS.join(", ")}) VALUES ${rows.join(", ")}
       ON CONFLICT (metric_key, rule_id, grain, period, dimension, dimension_value) DO NOTHING
       RETURNING id`,
      params,
    );
    inserted += written.length;
  }
  return inserted;
}

/**
 * Evaluates every alert rule of `definitions` on the stored total series and
 * stores what fires. One read per metric with rules, one insert per metric.
 */
export async function evaluateAlerts(wh: Warehouse, definitions: readonly MetricDefinition[], options: EvaluateAlertsOptions = {}): Promise<EvaluateAlertsResult> {
  const started = Date.now();
  const firedAt = new Date();
  let metrics = 0;
  let candidates = 0;
  let fired = 0;
  for (const definition of definitions) {
    if (definition.alerts.length === 0) continue;
    metrics++;
    const rows = await wh.sql.query<{ grain: string; period: string; value: number | null; run_id: string | null }>(
      `SELECT grain, period::text AS period, value, run_id
         FROM metric_value
        WHERE metric_key = $1 AND dimension = '' AND dimension_value = ''
        ORDER BY grain, period`,
      [definition.key],
    );
    const series = new Map<Grain, SeriesPoint[]>();
    for (const row of rows) {
      const grain = GRAINS.find((g) => g === row.grain);
      if (!grain) continue;
      const list = series.get(grain) ?? [];
      list.push({ period: row.period, value: row.value === null ? null : Number(row.value), runId: row.run_id });
      series.set(grain, list);
    }
    const dataThrough = dataThroughOf(series, GRAINS);
    if (!dataThrough) continue;
    const alerts = definition.alerts.flatMap((rule) => evaluateRule(definition, rule, series.get(rule.grain) ?? [], { dataThrough, windows: options.windows }));
    candidates += alerts.length;
    if (alerts.length > 0) fired += await insertAlerts(wh, alerts, options.computeId ?? null, firedAt);
  }
  return { metrics, candidates, fired, ms: Date.now() - started };
}
