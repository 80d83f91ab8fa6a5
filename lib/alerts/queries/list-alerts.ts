import "server-only";
import type { SqlParam, Warehouse } from "@/lib/db";
import { env } from "@/lib/env";
import { ALERT_STATUSES, alertListSchema, type AlertList, type ListAlertsQuery } from "../alert-schema";
import { ALERT_SELECT, toAlert, type AlertRow, type DeliverySettings } from "./alert-rows";

const settingsFromEnv = (): DeliverySettings => ({ webhookConfigured: Boolean(env.TRIAD_ALERT_WEBHOOK_URL), maxFailures: env.TRIAD_ALERT_WEBHOOK_MAX_FAILURES });

/** Fired alerts, newest first, with their delivery state, the counts by status and the last evaluation. */
export async function listAlerts(wh: Warehouse, query: ListAlertsQuery, settings: DeliverySettings = settingsFromEnv()): Promise<AlertList> {
  const where: string[] = [];
  const params: SqlParam[] = [];
  if (query.status) where.push(`a.status = $${params.push(query.status)}`);
  if (query.metric) where.push(`a.metric_key = $${params.push(query.metric)}`);
  const metricOnly = query.metric ? `WHERE metric_key = $1` : "";
  const [rows, counts, metrics, evaluations] = await Promise.all([
    wh.sql.query<AlertRow>(`${ALERT_SELECT}${where.length ? ` WHERE ${where.join(" AND ")}` : ""} ORDER BY a.fired_at DESC, a.period DESC, a.metric_key, a.rule_id LIMIT ${query.limit}`, params),
    wh.sql.query<{ status: string; n: number }>(`SELECT status, count(*)::int AS n FROM alert ${metricOnly} GROUP BY status`, query.metric ? [query.metric] : []),
    wh.sql.query<{ key: string; name: string }>(
      `SELECT a.metric_key AS key, COALESCE(min(v.definition->>'name'), a.metric_key) AS name
         FROM (SELECT DISTINCT metric_key FROM alert) a
         LEFT JOIN metric_definition md ON md.key = a.metric_key
         LEFT JOIN metric_definition_version v ON v.id = md.current_version_id
        GROUP BY a.metric_key ORDER BY 2`,
    ),
    wh.sql.query<{ status: string; fired: number; error: string | null; finished_at: unknown }>(
      `SELECT status, fired, error, finished_at FROM alert_evaluation ORDER BY started_at DESC LIMIT 1`,
    ),
  ]);
  const byStatus = new Map(counts.map((c) => [c.status, Number(c.n)]));
  const total = query.status ? (byStatus.get(query.status) ?? 0) : [...byStatus.values()].reduce((a, b) => a + b, 0);
  const last = evaluations[0];
  return alertListSchema.parse({
    alerts: rows.map((row) => toAlert(row, settings)),
    total,
    counts: Object.fromEntries(ALERT_STATUSES.map((s) => [s, byStatus.get(s) ?? 0])),
    metrics,
    webhookConfigured: settings.webhookConfigured,
    lastEvaluation: last
      ? { status: last.status, fired: Number(last.fired), error: last.error, finishedAt: (last.finished_at instanceof Date ? last.finished_at : new Date(String(last.finished_at))).toISOString() }
      : null,
  });
}
