import "server-only";
import { randomUUID } from "node:crypto";
import type { Warehouse } from "@/lib/db";
import type { MetricDefinition } from "@/lib/metrics/definition-schema";
import { alertDeliveryOptionsFromEnv, deliverAlerts, type DeliverAlertsOptions, type DeliverAlertsResult } from "./deliver";
import { evaluateAlerts, type EvaluateAlertsResult } from "./evaluate";
import type { AlertWindows } from "./rules";

export interface AlertEvaluationOptions {
  computeId?: string | null;
  windows?: AlertWindows;
  /** Defaults to the webhook settings of the environment. */
  delivery?: DeliverAlertsOptions;
}

export interface AlertEvaluationResult {
  id: string;
  status: "succeeded" | "failed";
  evaluation: EvaluateAlertsResult | null;
  delivery: DeliverAlertsResult | null;
  /** Time spent evaluating rules and delivering, ms. */
  evaluateMs: number;
  deliverMs: number;
  error: string | null;
}

/**
 * Evaluates the rules of `definitions`, then delivers what is pending, and
 * records the evaluation with its timings. Never throws: alerting must not fail
 * the compute that wrote the values; a failure is stored in alert_evaluation.
 */
export async function runAlertEvaluation(wh: Warehouse, definitions: readonly MetricDefinition[], options: AlertEvaluationOptions = {}): Promise<AlertEvaluationResult> {
  const id = randomUUID();
  const startedAt = new Date();
  const result: AlertEvaluationResult = { id, status: "succeeded", evaluation: null, delivery: null, evaluateMs: 0, deliverMs: 0, error: null };
  let phase = "evaluating the alert rules";
  try {
    result.evaluation = await evaluateAlerts(wh, definitions, { computeId: options.computeId ?? null, windows: options.windows });
    result.evaluateMs = result.evaluation.ms;
    phase = "delivering alerts";
    const deliverStarted = Date.now();
    try {
      result.delivery = await deliverAlerts(wh, options.delivery ?? alertDeliveryOptionsFromEnv());
    } finally {
      result.deliverMs = Date.now() - deliverStarted;
    }
  } catch (error) {
    result.status = "failed";
    result.error = `Failed ${phase}: ${error instanceof Error ? error.message : String(error)}`;
    if (!result.evaluation) result.evaluateMs = Date.now() - startedAt.getTime();
  }
  try {
    await wh.sql.query(
      `INSERT INTO alert_evaluation (id, compute_id, status, metrics, fired, delivered, undelivered, evaluate_ms, deliver_ms, error, started_at, finished_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [
        id,
        options.computeId ?? null,
        result.status,
        result.evaluation?.metrics ?? 0,
        result.evaluation?.fired ?? 0,
        result.delivery?.delivered ?? 0,
        result.delivery ? result.delivery.failed + result.delivery.deferred : 0,
        result.evaluateMs,
        result.deliverMs,
        result.error,
        startedAt,
        new Date(),
      ],
    );
  } catch (error) {
    // The evaluation's own record failed (e.g. the table is missing): say so, still without failing the compute.
    result.status = "failed";
    result.error = [result.error, `Could not record the alert evaluation: ${error instanceof Error ? error.message : String(error)}`].filter(Boolean).join(" ");
  }
  return result;
}
