import "server-only";
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { Warehouse } from "@/lib/db";
import { env } from "@/lib/env";
import { GRAINS } from "@/lib/metrics/definition-schema";
import { alertRuleKindSchema, alertSeveritySchema, type AlertWebhookPayload } from "./alert-schema";
import { alertChartHref } from "./rules";

export interface DeliverAlertsOptions {
  /** Null or undefined: no webhook is configured and nothing is sent. */
  webhookUrl: string | null | undefined;
  /** The app's address, for the link in each alert. */
  publicUrl: string;
  /** Attempts per alert in this round. */
  attempts: number;
  /** Failed attempts, over all rounds, after which an alert is given up. */
  maxFailures: number;
  timeoutMs: number;
  /** Wait before the first retry; doubled before each next one. */
  backoffMs: number;
  /** An attempt still "sending" after this long was interrupted (the process died) and no longer holds the alert. */
  leaseMs?: number;
  fetch?: typeof fetch;
}

export interface DeliverAlertsResult {
  configured: boolean;
  delivered: number;
  /** Alerts whose every attempt of this round failed. */
  failed: number;
  /** Alerts not tried: the receiver was failing, so they wait for the next round. */
  deferred: number;
  attempts: number;
  ms: number;
}

export function alertDeliveryOptionsFromEnv(): DeliverAlertsOptions {
  return {
    webhookUrl: env.TRIAD_ALERT_WEBHOOK_URL,
    publicUrl: env.TRIAD_PUBLIC_URL,
    attempts: env.TRIAD_ALERT_WEBHOOK_ATTEMPTS,
    maxFailures: env.TRIAD_ALERT_WEBHOOK_MAX_FAILURES,
    timeoutMs: env.TRIAD_ALERT_WEBHOOK_TIMEOUT_MS,
    backoffMs: 500,
  };
}

interface PendingAlertRow extends Record<string, unknown> {
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
  value: number;
  expected: number | null;
  message: string;
  fired_at: unknown;
  next_attempt: number;
  failures: number;
}

/** Alerts not delivered, not being sent, and not given up, oldest first. */
function listPendingAlerts(wh: Warehouse, leaseStart: Date, maxFailures: number): Promise<PendingAlertRow[]> {
  return wh.sql.query<PendingAlertRow>(
    `SELECT a.id, a.metric_key, COALESCE(v.definition->>'name', a.metric_key) AS metric_name, a.rule_id, a.rule_kind, a.grain,
            a.period::text AS period, a.dimension, a.dimension_value, a.severity, a.value, a.expected, a.message, a.fired_at,
            COALESCE(d.last_attempt, 0) + 1 AS next_attempt, COALESCE(d.failures, 0) AS failures
       FROM alert a
       LEFT JOIN (
         SELECT alert_id, max(attempt) AS last_attempt,
                count(*) FILTER (WHERE status <> 'delivered') AS failures,
                bool_or(status = 'delivered') AS delivered,
                bool_or(status = 'sending' AND at > $1) AS sending
           FROM alert_delivery GROUP BY alert_id
       ) d ON d.alert_id = a.id
       LEFT JOIN metric_definition md ON md.key = a.metric_key
       LEFT JOIN metric_definition_version v ON v.id = md.current_version_id
      WHERE d.alert_id IS NULL OR (NOT d.delivered AND NOT d.sending AND d.failures < $2)
      ORDER BY a.fired_at, a.metric_key, a.rule_id, a.period`,
    [leaseStart, maxFailures],
  );
}

function payloadOf(row: PendingAlertRow, publicUrl: string): AlertWebhookPayload {
  const grain = GRAINS.find((g) => g === row.grain) ?? "day";
  return {
    id: row.id,
    type: "triad.alert.fired",
    metric: { key: row.metric_key, name: row.metric_name },
    rule: { id: row.rule_id, kind: alertRuleKindSchema.parse(row.rule_kind) },
    grain,
    period: row.period,
    dimension: row.dimension ? { name: row.dimension, value: row.dimension_value } : null,
    severity: alertSeveritySchema.parse(row.severity),
    value: Number(row.value),
    expected: row.expected === null ? null : Number(row.expected),
    message: row.message,
    firedAt: (row.fired_at instanceof Date ? row.fired_at : new Date(String(row.fired_at))).toISOString(),
    url: new URL(alertChartHref(row.metric_key, grain, row.period), publicUrl).toString(),
  };
}

/** Claims the next attempt number, unless the alert was delivered or another sender holds it. */
async function claimAttempt(wh: Warehouse, alertId: string, attempt: number, leaseStart: Date): Promise<string | null> {
  const id = randomUUID();
  const [claimed] = await wh.sql.query<{ id: string }>(
    `INSERT INTO alert_delivery (id, alert_id, attempt, status, at)
     SELECT $1, $2, $3, 'sending', $4
      WHERE NOT EXISTS (SELECT 1 FROM alert_delivery WHERE alert_id = $2 AND (status = 'delivered' OR (status = 'sending' AND at > $5)))
     ON CONFLICT (alert_id, attempt) DO NOTHING
     RETURNING id`,
    [id, alertId, attempt, new Date(), leaseStart],
  );
  return claimed?.id ?? null;
}

function describeFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof Error) {
    if (error.name === "TimeoutError") return `No answer within ${timeoutMs} ms.`;
    const cause = error.cause instanceof Error ? error.cause : null;
    const code = cause && "code" in cause ? String(cause.code) : null;
    return `${error.message}${cause ? `: ${code ?? cause.message}` : ""}`.slice(0, 500);
  }
  return String(error).slice(0, 500);
}

async function post(options: DeliverAlertsOptions, url: string, payload: AlertWebhookPayload, attempt: number): Promise<{ ok: boolean; httpStatus: number | null; error: string | null }> {
  const send = options.fetch ?? fetch;
  try {
    const response = await send(url, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        "User-Agent": "Triad-Alerts/1",
        // Receivers dedupe on it: a retry after a lost answer carries the same key.
        "Idempotency-Key": payload.id,
        "X-Triad-Delivery-Attempt": String(attempt),
      },
      body: JSON.stringify(payload),
      redirect: "manual",
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    const text = await response.text().catch(() => "");
    if (response.status >= 200 && response.status < 300) return { ok: true, httpStatus: response.status, error: null };
    const body = text.trim().slice(0, 200);
    return { ok: false, httpStatus: response.status, error: `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ""}${body ? `: ${body}` : ""}` };
  } catch (error) {
    return { ok: false, httpStatus: null, error: describeFailure(error, options.timeoutMs) };
  }
}

/**
 * Sends every pending alert to the webhook, each attempt recorded in
 * alert_delivery. A delivered alert is never sent again. When one alert fails
 * all its attempts the receiver is taken to be down: the rest wait for the
 * next round instead of each waiting out its own retries.
 */
export async function deliverAlerts(wh: Warehouse, options: DeliverAlertsOptions): Promise<DeliverAlertsResult> {
  const started = Date.now();
  const result: DeliverAlertsResult = { configured: Boolean(options.webhookUrl), delivered: 0, failed: 0, deferred: 0, attempts: 0, ms: 0 };
  const url = options.webhookUrl;
  if (!url) return result;
  const leaseStart = () => new Date(Date.now() - (options.leaseMs ?? options.timeoutMs * 2 + 60_000));
  const pending = await listPendingAlerts(wh, leaseStart(), options.maxFailures);
  for (const [index, row] of pending.entries()) {
    const payload = payloadOf(row, options.publicUrl);
    let attempt = Number(row.next_attempt);
    let delivered = false;
    let tried = false;
    const allowed = Math.min(options.attempts, options.maxFailures - Number(row.failures));
    for (let i = 0; i < allowed; i++, attempt++) {
      if (i > 0) await sleep(options.backoffMs * 2 ** (i - 1));
      const claim = await claimAttempt(wh, row.id, attempt, leaseStart());
      if (!claim) break;
      tried = true;
      result.attempts++;
      const outcome = await post(options, url, payload, attempt);
      await wh.sql.query(`UPDATE alert_delivery SET status = $2, http_status = $3, error = $4, at = $5 WHERE id = $1`, [
        claim,
        outcome.ok ? "delivered" : "failed",
        outcome.httpStatus,
        outcome.error,
        new Date(),
      ]);
      if (outcome.ok) {
        delivered = true;
        break;
      }
    }
    if (delivered) result.delivered++;
    else if (tried) {
      result.failed++;
      result.deferred = pending.length - index - 1;
      break;
    }
  }
  result.ms = Date.now() - started;
  return result;
}
