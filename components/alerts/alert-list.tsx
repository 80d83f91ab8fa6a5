import Link from "next/link";
import type { Alert, AlertDelivery, AlertSeverity, AlertStatus } from "@/lib/alerts/alert-schema";
import { describeRuleId } from "@/lib/alerts/rules";
import { formatInstant, formatPeriod } from "@/lib/metrics/format";
import { AlertActions } from "./alert-actions";

const SEVERITY: Record<AlertSeverity, { label: string; glyph: string; className: string }> = {
  critical: { label: "Critical", glyph: "×", className: "border-bad/40 bg-bad-soft text-bad" },
  warning: { label: "Warning", glyph: "!", className: "border-warn/40 bg-warn-soft text-warn" },
};

const STATUS: Record<AlertStatus, { label: string; glyph: string; className: string }> = {
  open: { label: "Open", glyph: "●", className: "border-line-strong text-fg" },
  acknowledged: { label: "Acknowledged", glyph: "◐", className: "border-line-strong text-muted" },
  resolved: { label: "Resolved", glyph: "✓", className: "border-ok/40 bg-ok-soft text-ok" },
};

function Badge({ glyph, label, className }: { glyph: string; label: string; className: string }) {
  return (
    <span className={`inline-flex items-center gap-1 rounded-full border px-2 py-0.5 text-xs font-semibold ${className}`}>
      <span aria-hidden>{glyph}</span>
      {label}
    </span>
  );
}

function deliveryText(d: AlertDelivery): { text: string; bad: boolean } {
  switch (d.state) {
    case "delivered":
      return { text: `Delivered to the webhook ${d.deliveredAt ? formatInstant(d.deliveredAt) : ""}${d.attempts > 1 ? ` (attempt ${d.attempts})` : ""}.`, bad: false };
    case "failed": {
      const times = d.failedAttempts === 1 ? "once" : `${d.failedAttempts} times`;
      const next = d.gaveUp ? "Given up: no more attempts." : "Retried after the next compute.";
      return { text: `Delivery failed ${times}${d.lastError ? `; last error: ${d.lastError}` : ""}. ${next}`, bad: true };
    }
    case "pending":
      return { text: "Not delivered yet: sent after the next compute.", bad: false };
    case "not_configured":
      return { text: "Not delivered: no webhook is configured.", bad: false };
  }
}

/** The inbox's alerts, newest first, each with its sentence, where it came from and what can be done. */
/** `canAct`: the role may acknowledge and resolve (the `annotate` permission); without it the buttons are left out. */
export function AlertList({ alerts, canAct = true }: { alerts: readonly Alert[]; canAct?: boolean }) {
  return (
    <ul className="divide-y divide-line" aria-label="Alerts">
      {alerts.map((alert) => {
        const delivery = deliveryText(alert.delivery);
        const headingId = `alert-${alert.id}`;
        return (
          <li key={alert.id} className="py-4 first:pt-0 last:pb-0">
            <article aria-labelledby={headingId} className="space-y-2">
              <div className="flex flex-wrap items-center gap-2">
                <Badge {...SEVERITY[alert.severity]} />
                <Badge {...STATUS[alert.status]} />
                <span className="text-muted text-xs">
                  fired <time dateTime={alert.firedAt}>{formatInstant(alert.firedAt)}</time>
                </span>
              </div>
              <h3 id={headingId} className="font-medium text-fg">
                {alert.message}
              </h3>
              <dl className="text-muted grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-sm sm:grid-cols-[auto_1fr_auto_1fr]">
                <dt>Metric</dt>
                <dd>
                  <Link className="text-accent underline" href={alert.href}>
                    {alert.metric.name}, {formatPeriod(alert.period, alert.grain)}
                  </Link>
                </dd>
                <dt>Rule</dt>
                <dd>{describeRuleId(alert.rule.id)}</dd>
                <dt>Delivery</dt>
                <dd className={`sm:col-span-3 ${delivery.bad ? "text-bad" : ""}`}>{delivery.text}</dd>
              </dl>
              {canAct && alert.status !== "resolved" ? <AlertActions alertId={alert.id} status={alert.status} label={alert.message} /> : null}
              {alert.status === "resolved" && alert.resolvedAt ? (
                <p className="text-muted text-sm">
                  Resolved <time dateTime={alert.resolvedAt}>{formatInstant(alert.resolvedAt)}</time>.
                </p>
              ) : null}
            </article>
          </li>
        );
      })}
    </ul>
  );
}
