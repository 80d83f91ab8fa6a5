import { authorizePage } from "@/lib/auth/authorize";
import { viewerCan } from "@/lib/auth/viewer-schema";
import type { Metadata } from "next";
import { CreateDashboardForm } from "@/components/dashboards/create-dashboard-form";
import { DashboardList } from "@/components/dashboards/dashboard-list";
import { Callout } from "@/components/ui/callout";
import { Card } from "@/components/ui/card";
import { listDashboards } from "@/lib/dashboards/queries/list-dashboards";
import { getWarehouse } from "@/lib/db";
import { listMetricCatalog } from "@/lib/metrics/queries/list-metric-catalog";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Dashboards" };

export default async function DashboardsPage() {
  const viewer = await authorizePage("view");
  const wh = await getWarehouse();
  const [dashboards, catalog] = await Promise.all([listDashboards(wh), listMetricCatalog(wh, viewer)]);
  const metricNames = Object.fromEntries(catalog.map((m) => [m.key, m.name]));
  // The catalog holds only metrics the viewer may see; other keys are not named.
  const visibleDashboards = dashboards.map((d) => ({ ...d, metricKeys: d.metricKeys.filter((k) => k in metricNames) }));
  return (
    <div className="space-y-6">
      <header>
        <h1 className="text-2xl font-semibold tracking-tight">Dashboards</h1>
        <p className="text-muted mt-1 max-w-3xl text-sm">
          Named boards of metric tiles: big numbers with their trend, and charts by range, grain and
          breakdown. Anyone with the link sees the same board.
        </p>
      </header>
      {viewerCan(viewer, "edit_dashboards") ? (
        <Card as="section" className="p-5">
          <CreateDashboardForm />
        </Card>
      ) : null}
      <section aria-labelledby="dashboards-heading" className="space-y-3">
        <h2 id="dashboards-heading" className="sr-only">
          All dashboards
        </h2>
        {dashboards.length === 0 ? (
          <Callout title="No dashboards yet">
            <p>
              Name one above to create it, then add tiles. The demo ships “Executive” and “Growth”;{" "}
              <code className="font-mono">npm run triad -- bootstrap</code> creates them.
            </p>
          </Callout>
        ) : (
          <DashboardList dashboards={visibleDashboards} metricNames={metricNames} />
        )}
      </section>
    </div>
  );
}
