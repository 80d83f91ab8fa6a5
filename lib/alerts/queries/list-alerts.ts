import "server-only";
import type { Viewer } from "@/lib/auth/viewer-schema";
import type { SqlParam, Warehouse } from "@/lib/db";
import { env } from "@/lib/env";
import { readCurrentDefinitions } from "@/lib/metrics/queries/metric-records";
import { readMetricVisibility } from "@/lib/metrics/queries/metric-visibility";
import { ALERT_STATUSES, alertListSchema, type AlertList, type ListAlertsQuery } from "../alert-schema";
import { ALERT_SELECT, toAlert, type AlertRow, type DeliverySettings } from "./alert-rows";

const settingsFromEnv = (): DeliverySettings => ({ webhookConfigured: Boolean(env.TRIAD_ALERT_WEBHOOK_URL), maxFailures: env.TRIAD_ALERT_WEBHOOK_MAX_FAILURES });

/** Keys of the metrics whose alerts the viewer may see; null: all (admins). */
async function visibleAlertKeys(wh: Warehouse, viewer: Viewer): Promise<string[] | null> {
  if (viewer.role === "admin") return null;
  const definitions = await readCurrentDefinitions(wh);
  const visible = await readMetricVisibility(wh, viewer, definitions);
  return [...definitions.keys()].filter(visible);
}

/** Fired alerts of metrics the viewer may see, newest first, with their delivery state, the counts by status and the last evaluation. */
export async function listAlerts(wh: Warehouse, viewer: Viewer, query: ListAlertsQuery, settings: DeliverySettings = settingsFromEnv()): Promise<AlertList> {
  const keys = await visibleAlertKeys(wh, viewer);
  const where: string[] = [];
  const params: SqlParam[] = [];
  if (query.status) where.push(`a.status = $${params.push(query.status)}`);
  if (query.metric) where.push(`a.metric_key = $${params.push(query.metric)}`);
  if (keys) where.push(`a.metric_key = ANY($${params.push(`{${keys.join(",")}}`)}::text[])`);
  const countParams: SqlParam[] = [];
  const countWhere = [
    ...(query.metric ? [`metric_key = $${countParams.push(query.metric)}`] : []),
    ...(keys ? [`metric_key = ANY($${countParams.push(`{${keys.join(",")}}`)}::text[])`] : []),
  ];
  const metricOnly = countWhere.length ? `WHERE ${countWhere.join(" AND ")}` : "";
  const [rows, counts, metrics, evaluations] = await Promise.all([
    wh.sql.query<AlertRow>(`${ALERT_SELECT}${where.length ? ` WHERE ${where.join(" AND ")}` : ""} ORDER BY a.fired_at DESC, a.period DESC, a.metric_key, a.rule_id LIMIT ${query.limit}`, params),
    wh.sql.query<{ status: string; n: number }>(`SELECT status, count(*)::int AS n FROM alert ${metricOnly} GROUP BY status`, countParams),
    wh.sql.query<{ key: string; name: string }>(
      `SELECT a.metric_key AS key, COALESCE(min(v.definition->>'name'), a.metric_key) AS name
         FROM (SELECT DISTINCT metric_key FROM alert${keys ? " WHERE metric_key = ANY($1::text[])" : ""}) a
         LEFT JOIN metric_definition md ON md.key = a.metric_key
         LEFT JOIN metric_definition_version v ON v.id = md.current_version_id
        GROUP BY a.metric_key ORDER BY 2`,
      keys ? [`{${keys.join(",")}}`] : [],
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
