import "server-only";
import type { Viewer } from "@/lib/auth/viewer-schema";
import { listDashboards } from "@/lib/dashboards/queries/list-dashboards";
import type { Warehouse } from "@/lib/db";
import { cachedRead } from "@/lib/db/cached-read";
import { listMetricStatuses } from "@/lib/intent/queries/list-metric-statuses";
import type { CatalogEntry, SeriesPoint } from "@/lib/metrics/api-schema";
import { finestGrain, isPartialPeriod } from "@/lib/metrics/chart-rows";
import type { Grain } from "@/lib/metrics/definition-schema";
import { getMetricSeries } from "@/lib/metrics/queries/get-metric-series";
import { listMetricCatalog } from "@/lib/metrics/queries/list-metric-catalog";
import { readCurrentDefinitions, readDataThrough } from "@/lib/metrics/queries/metric-records";

// How many recent periods a tile's sparkline spans, by grain.
const SPARKLINE_PERIODS: Record<Grain, number> = { day: 90, week: 26, month: 12, quarter: 8 };

// Inputs before the metrics computed from them: revenue and orders before conversion and ARPU.
const KIND_ORDER: Record<string, number> = { aggregate: 0, cumulative: 1, rolling_distinct: 2, ratio: 3, derived: 4 };
const byKind = (a: CatalogEntry, b: CatalogEntry) => (KIND_ORDER[a.kind] ?? 5) - (KIND_ORDER[b.kind] ?? 5);

export interface OverviewTile {
  metric: CatalogEntry;
  grain: Grain;
  points: SeriesPoint[];
  href: string;
  status?: Awaited<ReturnType<typeof listMetricStatuses>>[number]["status"];
}

/**
 * The overview page's data: the catalog the viewer may see, a tile per
 * headline metric (every metric when none is marked headline) with its
 * status and recent complete periods, and the dashboards. Definitions and
 * freshness are read once and shared by every part.
 */
export async function getOverview(wh: Warehouse, viewer: Viewer) {
  const [definitions, dataThrough, dashboards] = await Promise.all([readCurrentDefinitions(wh), readDataThrough(wh), listDashboards(wh)]);
  const catalog = await listMetricCatalog(wh, viewer, { definitions, dataThrough });
  const headline = catalog.filter((m) => m.headline);
  const shown = (headline.length > 0 ? headline : catalog).toSorted(byKind);
  const [statuses, tiles] = await Promise.all([
    // Statuses follow from stored values and definitions alone, so they keep while the data version does;
    // the keys are the ones this viewer may see.
    cachedRead(wh, JSON.stringify(["overview statuses", shown.map((m) => m.key)]), () =>
      listMetricStatuses(
        wh,
        shown.map((m) => m.key),
        { definitions, dataThrough },
      ),
    ).then((list) => new Map(list.map((s) => [s.key, s.status]))),
    Promise.all(
      shown.map(async (metric) => {
        // Weeks: day-to-day swings are mostly weekday noise at a glance.
        const grain: Grain = metric.grains.includes("week") ? "week" : finestGrain(metric.grains);
        const series = await getMetricSeries(wh, viewer, metric.key, { grain, filters: {} }, definitions);
        // A week still in progress would compare a few days with a whole week.
        const complete = series.points.filter((p) => !isPartialPeriod(p.period, grain, metric.dataThrough));
        return { metric, grain, points: complete.slice(-SPARKLINE_PERIODS[grain]), href: `/metrics/${metric.key}?grain=${grain}` };
      }),
    ),
  ]);
  const asOf = catalog
    .map((m) => m.dataThrough)
    .filter((d): d is string => d !== null)
    .sort()
    .at(-1);
  return {
    catalog,
    headlineMarked: headline.length > 0,
    tiles: tiles.map((t): OverviewTile => ({ ...t, status: statuses.get(t.metric.key) })),
    dashboards,
    asOf: asOf ?? null,
  };
}
