import { authorizePage } from "@/lib/auth/authorize";
import Link from "next/link";
import { HeadlineSummary } from "@/components/metrics/headline-summary";
import { MetricTile } from "@/components/metrics/metric-tile";
import { Callout } from "@/components/ui/callout";
import { Card } from "@/components/ui/card";
import { getReadWarehouse } from "@/lib/db/read-warehouse";
import { formatPeriod } from "@/lib/metrics/format";
import { getOverview } from "@/lib/overview/get-overview";

export const dynamic = "force-dynamic";

export default async function OverviewPage() {
  const viewer = await authorizePage("view");
  const { catalog, headlineMarked, tiles, dashboards, asOf } = await getOverview(await getReadWarehouse(), viewer);

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

  return (
    <div className="space-y-10">
      <section aria-labelledby="overview-title" className="space-y-5">
        <div className="flex flex-wrap items-end justify-between gap-4">
          <div className="space-y-1">
            <h1 id="overview-title" className="text-2xl font-semibold tracking-tight">
              Overview
            </h1>
            <p className="text-sm text-muted">
              {headlineMarked ? "Headline metrics" : "No metric is marked headline yet, so every metric is shown"}: the last complete
              period, its change from the one before, and the recent trend.
              {asOf ? (
                <>
                  {" "}
                  Data as of <time dateTime={asOf}>{formatPeriod(asOf, "day")}</time>.
                </>
              ) : null}
            </p>
          </div>
          <Link href="/metrics" className="text-sm font-medium text-accent hover:underline">
            All {catalog.length} metrics <span aria-hidden>→</span>
          </Link>
        </div>
        <HeadlineSummary tiles={tiles} />
        <div className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {tiles.map((tile) => (
            <MetricTile key={tile.metric.key} {...tile} />
          ))}
        </div>
        <p className="text-sm text-muted">
          Looking for another metric? Press <kbd className="rounded border border-line-strong bg-surface px-1.5 font-sans text-xs text-fg">/</kbd> or{" "}
          <kbd className="rounded border border-line-strong bg-surface px-1.5 font-sans text-xs text-fg">Ctrl K</kbd> anywhere to search by name,
          synonym or tag.
        </p>
      </section>

      {dashboards.length > 0 ? (
        <section aria-labelledby="dashboards-title" className="space-y-4">
          <div className="flex flex-wrap items-end justify-between gap-4">
            <h2 id="dashboards-title" className="text-lg font-semibold tracking-tight">
              Dashboards
            </h2>
            <Link href="/dashboards" className="text-sm font-medium text-accent hover:underline">
              All dashboards <span aria-hidden>→</span>
            </Link>
          </div>
          <ul className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-3">
            {dashboards.map((d) => (
              <li key={d.slug}>
                <Card className="group relative h-full p-5 focus-within:ring-2 focus-within:ring-focus hover:border-line-strong">
                  <h3 className="font-semibold text-fg">
                    <Link href={`/dashboards/${d.slug}`} className="outline-none after:absolute after:inset-0 after:rounded-xl group-hover:underline">
                      {d.name}
                    </Link>
                  </h3>
                  {d.description ? <p className="mt-1 text-sm text-muted">{d.description}</p> : null}
                  <p className="mt-3 text-xs text-muted">
                    {d.tileCount} {d.tileCount === 1 ? "tile" : "tiles"}
                  </p>
                </Card>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
