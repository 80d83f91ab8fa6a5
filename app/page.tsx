import Link from "next/link";
import { MetricTile } from "@/components/metrics/metric-tile";
import { Callout } from "@/components/ui/callout";
import { getWarehouse } from "@/lib/db";
import { finestGrain, isPartialPeriod } from "@/lib/metrics/chart-rows";
import type { Grain } from "@/lib/metrics/definition-schema";
import { listMetricCatalog } from "@/lib/metrics/queries/list-metric-catalog";
import { getMetricSeries } from "@/lib/metrics/queries/get-metric-series";

export const dynamic = "force-dynamic";

// How many recent periods a tile's sparkline spans, by grain.
const SPARKLINE_PERIODS: Record<Grain, number> = { day: 90, week: 26, month: 12, quarter: 8 };

export default async function OverviewPage() {
  const wh = await getWarehouse();
  const catalog = await listMetricCatalog(wh);

  if (catalog.length === 0) {
    return (
      <div className="mx-auto max-w-2xl space-y-6 py-10">
        <h1 className="text-2xl font-semibold tracking-tight">Overview</h1>
        <Callout title="No metrics in the warehouse yet">
          <p>
            Load the metric definitions in <code className="font-mono">metrics/</code> and compute their values with{" "}
            <code className="rounded bg-raised px-1.5 py-0.5 font-mono whitespace-nowrap text-fg">npm run triad -- compute</code>, then reload this page.
          </p>
        </Callout>
      </div>
    );
  }

  const headline = catalog.filter((m) => m.headline);
  const shown = headline.length > 0 ? headline : catalog;
  const tiles = await Promise.all(
    shown.map(async (metric) => {
      // Weeks: day-to-day swings are mostly weekday noise at a glance.
      const grain: Grain = metric.grains.includes("week") ? "week" : finestGrain(metric.grains);
      const series = await getMetricSeries(wh, metric.key, { grain, filters: {} });
      // A week still in progress would compare a few days with a whole week.
      const complete = series.points.filter((p) => !isPartialPeriod(p.period, grain, metric.dataThrough));
      return { metric, grain, points: complete.slice(-SPARKLINE_PERIODS[grain]) };
    }),
  );
  const through = catalog.map((m) => m.dataThrough).filter((d): d is string => d !== null).sort().at(-1);

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Overview</h1>
          <p className="mt-1 text-sm text-muted">
            {headline.length > 0 ? "Headline metrics" : "No metric is marked headline yet, so every metric is shown"}: the
            latest value, its change and its recent trend.
            {through ? (
              <>
                {" "}
                Data through <time dateTime={through}>{through}</time>.
              </>
            ) : null}
          </p>
        </div>
        <Link href="/metrics" className="text-sm font-medium text-accent hover:underline">
          All {catalog.length} metrics <span aria-hidden>→</span>
        </Link>
      </div>
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {tiles.map((tile) => (
          <MetricTile key={tile.metric.key} {...tile} />
        ))}
      </div>
    </div>
  );
}
