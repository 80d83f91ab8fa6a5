import "server-only";
import { appendAuditEntries } from "@/lib/audit/append-audit-entry";
import type { Warehouse } from "@/lib/db";
import { env } from "@/lib/env";
import { ConflictError } from "@/lib/http/conflict-error";
import { NotFoundError } from "@/lib/http/errors";
import { ACTION_RESULT, ALLOWED_FROM, type Alert, type AlertAction, type AlertTransitionBody } from "../alert-schema";
import { ALERT_SELECT, toAlert, type AlertRow } from "./alert-rows";

const STAMP: Record<AlertAction, string> = { acknowledge: "acknowledged_at", resolve: "resolved_at" };

/**
 * Acknowledges or resolves an alert and appends the change to the audit log,
 * in one transaction. 404 for an unknown alert, 409 when its status does not
 * allow the action (resolving twice, acknowledging a resolved alert).
 * `actor` is the signed-in viewer's email.
 */
export async function transitionAlertOrThrow(wh: Warehouse, id: string, action: AlertAction, body: AlertTransitionBody, actor: string): Promise<Alert> {
  await wh.sql.transaction(async (tx) => {
    const [current] = await tx.query<{ status: string; metric_key: string; rule_id: string; grain: string; period: string }>(
      `SELECT status, metric_key, rule_id, grain, period::text AS period FROM alert WHERE id = $1 FOR UPDATE`,
      [id],
    );
    if (!current) throw new NotFoundError(`No alert has the id ${id}.`, "id");
    if (!ALLOWED_FROM[action].some((s) => s === current.status)) {
      throw new ConflictError(`The alert is ${current.status}; only ${ALLOWED_FROM[action].join(" or ")} alerts can be ${ACTION_RESULT[action]}.`);
    }
    const to = ACTION_RESULT[action];
    await tx.query(`UPDATE alert SET status = $2, ${STAMP[action]} = $3 WHERE id = $1`, [id, to, new Date()]);
    await appendAuditEntries(tx, [
      {
        actor,
        action: `alert.${to}`,
        entityType: "alert",
        entityId: id,
        detail: { metricKey: current.metric_key, ruleId: current.rule_id, grain: current.grain, period: current.period, from: current.status, to, ...(body.note ? { note: body.note } : {}) },
      },
    ]);
  });
  const [row] = await wh.sql.query<AlertRow>(`${ALERT_SELECT} WHERE a.id = $1`, [id]);
  if (!row) throw new NotFoundError(`No alert has the id ${id}.`, "id");
  return toAlert(row, { webhookConfigured: Boolean(env.TRIAD_ALERT_WEBHOOK_URL), maxFailures: env.TRIAD_ALERT_WEBHOOK_MAX_FAILURES });
}
