import { authorizePage } from "@/lib/auth/authorize";
import { viewerCan } from "@/lib/auth/viewer-schema";
import type { Metadata } from "next";
import { AlertFilters } from "@/components/alerts/alert-filters";
import { AlertList } from "@/components/alerts/alert-list";
import { Callout } from "@/components/ui/callout";
import { Card } from "@/components/ui/card";
import { alertStatusSchema, listAlertsQuerySchema } from "@/lib/alerts/alert-schema";
import { listAlerts } from "@/lib/alerts/queries/list-alerts";
import { getWarehouse } from "@/lib/db";
import { formatInstant } from "@/lib/metrics/format";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Alerts" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function AlertsPage({ searchParams }: { searchParams: SearchParams }) {
  const viewer = await authorizePage("view");
  const raw = await searchParams;
  // Read leniently: a bad filter in a link is dropped with a note, not a broken page.
  const ignored: string[] = [];
  const status = alertStatusSchema.safeParse(first(raw.status) || undefined);
  if (first(raw.status) && !status.success) ignored.push(`status “${first(raw.status)}”: must be open, acknowledged or resolved`);
  const metricParse = listAlertsQuerySchema.shape.metric.safeParse(first(raw.metric));
  if (!metricParse.success) ignored.push(`metric “${first(raw.metric)}”: not a metric key`);
  const query = listAlertsQuerySchema.parse({ status: status.success ? status.data : undefined, metric: metricParse.success ? metricParse.data : undefined });

  const list = await listAlerts(await getWarehouse(), viewer, query);
  const filtered = Boolean(query.status || query.metric);
  const last = list.lastEvaluation;

  return (
    <div className="space-y-6">
      <header className="space-y-2">
        <h1 className="text-2xl font-semibold tracking-tight">Alerts</h1>
        <p className="text-muted max-w-3xl">
          The alert rules in the metric files (a threshold crossed, a target missed, an anomaly) are evaluated after each
          compute. Each fires at most once per period; acknowledge an alert when someone is on it and resolve it when it is
          dealt with. Both are recorded in the audit log.
        </p>
        <p className="text-muted text-sm">
          {last ? (
            <>
              Last evaluated <time dateTime={last.finishedAt}>{formatInstant(last.finishedAt)}</time>:{" "}
              {last.status === "succeeded" ? `${last.fired} new alert${last.fired === 1 ? "" : "s"}.` : "failed."}
            </>
          ) : (
            "The rules have not been evaluated yet: they are after the next compute."
          )}{" "}
          {list.webhookConfigured ? "Alerts are delivered to the configured webhook." : "No webhook is configured (TRIAD_ALERT_WEBHOOK_URL), so alerts are only shown here."}
        </p>
      </header>

      {last?.status === "failed" ? (
        <Callout tone="error" title="The last alert evaluation failed">
          {last.error}
        </Callout>
      ) : null}

      {ignored.length ? (
        <Callout tone="warning" title={ignored.length === 1 ? "One filter in the link was ignored" : `${ignored.length} filters in the link were ignored`}>
          <ul className="list-disc space-y-0.5 pl-4">
            {ignored.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </Callout>
      ) : null}

      <Card as="section" aria-labelledby="filters-heading" className="p-5">
        <h2 id="filters-heading" className="mb-3 font-semibold">
          Filters
        </h2>
        <AlertFilters status={query.status} metric={query.metric} metrics={list.metrics} counts={list.counts} />
      </Card>

      <Card as="section" aria-labelledby="alerts-heading" className="p-5">
        <h2 id="alerts-heading" className="font-semibold">
          {query.status === "open" ? "Open alerts" : query.status === "acknowledged" ? "Acknowledged alerts" : query.status === "resolved" ? "Resolved alerts" : "All alerts"}
        </h2>
        <p className="text-muted mt-1 mb-4 text-sm" role="status">
          {list.total.toLocaleString("en-US")} alert{list.total === 1 ? "" : "s"}
          {filtered ? " match the filters" : ""}, newest first
          {list.alerts.length < list.total ? `; showing the latest ${list.alerts.length}` : ""}. {list.counts.open} open, {list.counts.acknowledged} acknowledged,{" "}
          {list.counts.resolved} resolved{query.metric ? " for this metric" : ""}.
        </p>
        {list.alerts.length ? (
          <AlertList alerts={list.alerts} canAct={viewerCan(viewer, "annotate")} />
        ) : (
          <p className="text-muted">{filtered ? "No alert matches these filters." : "No alert has fired."}</p>
        )}
      </Card>
    </div>
  );
}
