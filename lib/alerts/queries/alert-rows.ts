import "server-only";
import { GRAINS, type Grain } from "@/lib/metrics/definition-schema";
import { alertRuleKindSchema, alertSchema, alertSeveritySchema, alertStatusSchema, type Alert } from "../alert-schema";
import { alertChartHref } from "../rules";

// The select list and row mapping shared by the alert query functions. Not a query of its own.

export const ALERT_SELECT = `
  SELECT a.id, a.metric_key, COALESCE(v.definition->>'name', a.metric_key) AS metric_name, a.rule_id, a.rule_kind, a.grain,
         a.period::text AS period, a.dimension, a.dimension_value, a.severity, a.message, a.value, a.expected, a.status,
         a.fired_at, a.acknowledged_at, a.resolved_at, a.compute_id, a.run_id,
         COALESCE(d.attempts, 0) AS attempts, COALESCE(d.failures, 0) AS failures, d.delivered_at,
         last.error AS last_error, last.http_status AS last_http_status, last.at AS last_attempt_at
    FROM alert a
    LEFT JOIN metric_definition md ON md.key = a.metric_key
    LEFT JOIN metric_definition_version v ON v.id = md.current_version_id
    LEFT JOIN (
      SELECT alert_id, count(*)::int AS attempts, count(*) FILTER (WHERE status <> 'delivered')::int AS failures,
             min(at) FILTER (WHERE status = 'delivered') AS delivered_at
        FROM alert_delivery GROUP BY alert_id
    ) d ON d.alert_id = a.id
    LEFT JOIN LATERAL (
      SELECT error, http_status, at FROM alert_delivery x WHERE x.alert_id = a.id ORDER BY attempt DESC LIMIT 1
    ) last ON true`;

export interface AlertRow extends Record<string, unknown> {
  id: string;
  metric_key: string;
  metric_name: string;
  rule_id: string;
  rule_kind: string;
  grain: string;
  period: string;
  dimension: string;
  dimension_value: string;
  severity: string;
  message: string;
  value: number;
  expected: number | null;
  status: string;
  fired_at: unknown;
  acknowledged_at: unknown;
  resolved_at: unknown;
  compute_id: string | null;
  run_id: string | null;
  attempts: number;
  failures: number;
  delivered_at: unknown;
  last_error: string | null;
  last_http_status: number | null;
  last_attempt_at: unknown;
}

const iso = (value: unknown): string | null => (value === null || value === undefined ? null : (value instanceof Date ? value : new Date(String(value))).toISOString());

export interface DeliverySettings {
  webhookConfigured: boolean;
  maxFailures: number;
}

export function toAlert(row: AlertRow, settings: DeliverySettings): Alert {
  const grain: Grain = GRAINS.find((g) => g === row.grain) ?? "day";
  const failures = Number(row.failures);
  const deliveredAt = iso(row.delivered_at);
  const state = deliveredAt ? "delivered" : failures > 0 ? "failed" : settings.webhookConfigured ? "pending" : "not_configured";
  return alertSchema.parse({
    id: row.id,
    metric: { key: row.metric_key, name: row.metric_name },
    rule: { id: row.rule_id, kind: alertRuleKindSchema.parse(row.rule_kind) },
    grain,
    period: row.period,
    dimension: row.dimension,
    dimensionValue: row.dimension_value,
    severity: alertSeveritySchema.parse(row.severity),
    message: row.message,
    value: Number(row.value),
    expected: row.expected === null ? null : Number(row.expected),
    status: alertStatusSchema.parse(row.status),
    firedAt: iso(row.fired_at),
    acknowledgedAt: iso(row.acknowledged_at),
    resolvedAt: iso(row.resolved_at),
    computeId: row.compute_id,
    runId: row.run_id,
    href: alertChartHref(row.metric_key, grain, row.period),
    delivery: {
      state,
      attempts: Number(row.attempts),
      failedAttempts: failures,
      deliveredAt,
      lastError: deliveredAt ? null : row.last_error,
      lastHttpStatus: row.last_http_status === null ? null : Number(row.last_http_status),
      lastAttemptAt: iso(row.last_attempt_at),
      gaveUp: !deliveredAt && failures >= settings.maxFailures,
    },
  });
}
