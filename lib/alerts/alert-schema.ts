// Alerts as the inbox and the API show them, and the requests that change
// them. Pure: the single source of these types for lib, routes and components.
import { z } from "zod";
import { grainSchema, metricKeySchema } from "@/lib/metrics/definition-schema";

export const ALERT_STATUSES = ["open", "acknowledged", "resolved"] as const;
export const alertStatusSchema = z.enum(ALERT_STATUSES);
export type AlertStatus = z.infer<typeof alertStatusSchema>;

export const alertRuleKindSchema = z.enum(["threshold", "misses_target", "anomaly"]);
export type AlertRuleKind = z.infer<typeof alertRuleKindSchema>;

export const alertSeveritySchema = z.enum(["warning", "critical"]);
export type AlertSeverity = z.infer<typeof alertSeveritySchema>;

/** Where the alert stands with the webhook. */
export const alertDeliverySchema = z.object({
  /** delivered; failed: attempts so far all failed (retried on the next compute until gaveUp); pending: not tried yet; not_configured: no webhook is set. */
  state: z.enum(["delivered", "failed", "pending", "not_configured"]),
  attempts: z.number().int().min(0),
  failedAttempts: z.number().int().min(0),
  deliveredAt: z.string().nullable(),
  lastError: z.string().nullable(),
  lastHttpStatus: z.number().int().nullable(),
  lastAttemptAt: z.string().nullable(),
  /** No more attempts will be made: the failure cap was reached. */
  gaveUp: z.boolean(),
});
export type AlertDelivery = z.infer<typeof alertDeliverySchema>;

export const alertSchema = z.object({
  id: z.string(),
  metric: z.object({ key: z.string(), name: z.string() }),
  rule: z.object({ id: z.string(), kind: alertRuleKindSchema }),
  grain: grainSchema,
  period: z.string(),
  /** The slice the rule read; empty strings for the total. */
  dimension: z.string(),
  dimensionValue: z.string(),
  severity: alertSeveritySchema,
  message: z.string(),
  value: z.number(),
  expected: z.number().nullable(),
  status: alertStatusSchema,
  firedAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  computeId: z.string().nullable(),
  runId: z.string().nullable(),
  /** The metric page's chart around the alert's period. */
  href: z.string(),
  delivery: alertDeliverySchema,
});
export type Alert = z.infer<typeof alertSchema>;

export const alertEvaluationSummarySchema = z.object({
  status: z.enum(["succeeded", "failed"]),
  fired: z.number().int(),
  error: z.string().nullable(),
  finishedAt: z.string(),
});

export const alertListSchema = z.object({
  alerts: z.array(alertSchema),
  /** Alerts matching the filters, before the limit. */
  total: z.number().int(),
  counts: z.record(alertStatusSchema, z.number().int()),
  /** Metrics that have fired alerts, for the filter. */
  metrics: z.array(z.object({ key: z.string(), name: z.string() })),
  webhookConfigured: z.boolean(),
  lastEvaluation: alertEvaluationSummarySchema.nullable(),
});
export type AlertList = z.infer<typeof alertListSchema>;

const optionalText = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === "" ? undefined : v), schema.optional());

/** GET /api/alerts and the inbox's query string. */
export const listAlertsQuerySchema = z.object({
  status: optionalText(alertStatusSchema),
  metric: optionalText(metricKeySchema),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type ListAlertsQuery = z.infer<typeof listAlertsQuerySchema>;

export const alertRouteParamsSchema = z.object({ id: z.string().uuid("must be an alert id (a UUID)") });

/**
 * POST /api/alerts/{id}/acknowledge and /resolve: an optional note, kept in the
 * audit log. Who acted is the signed-in viewer, never a name the request gives.
 */
export const alertTransitionBodySchema = z
  .object({ note: z.string().max(500).optional() })
  .default({});
export type AlertTransitionBody = z.infer<typeof alertTransitionBodySchema>;

export const ALERT_ACTIONS = ["acknowledge", "resolve"] as const;
export type AlertAction = (typeof ALERT_ACTIONS)[number];

/** The statuses each action may start from: acknowledging is for open alerts, resolving for any not yet resolved. */
export const ALLOWED_FROM: Record<AlertAction, readonly AlertStatus[]> = {
  acknowledge: ["open"],
  resolve: ["open", "acknowledged"],
};
export const ACTION_RESULT: Record<AlertAction, AlertStatus> = { acknowledge: "acknowledged", resolve: "resolved" };

/** The webhook's JSON body for one alert. */
export const alertWebhookPayloadSchema = z.object({
  id: z.string(),
  type: z.literal("triad.alert.fired"),
  metric: z.object({ key: z.string(), name: z.string() }),
  rule: z.object({ id: z.string(), kind: alertRuleKindSchema }),
  grain: grainSchema,
  period: z.string(),
  dimension: z.object({ name: z.string(), value: z.string() }).nullable(),
  severity: alertSeveritySchema,
  value: z.number(),
  expected: z.number().nullable(),
  message: z.string(),
  firedAt: z.string(),
  url: z.string(),
});
export type AlertWebhookPayload = z.infer<typeof alertWebhookPayloadSchema>;
