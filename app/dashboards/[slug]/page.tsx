import { authorizePage } from "@/lib/auth/authorize";
import { viewerCan } from "@/lib/auth/viewer-schema";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { cache, Suspense } from "react";
import { primaryButton } from "@/components/ui/button-styles";
import { CopyLinkButton } from "@/components/dashboards/copy-link-button";
import { DashboardTileFrame } from "@/components/dashboards/dashboard-tile-frame";
import { TileErrorBoundary } from "@/components/dashboards/tile-error-boundary";
import { DASHBOARD_GRID_CLASS, tileSpanClass } from "@/components/dashboards/tile-grid";
import { TileSkeleton } from "@/components/dashboards/tile-problem";
import { findDashboard } from "@/lib/dashboards/queries/find-dashboard";
import type { DashboardTile } from "@/lib/dashboards/schema";
import { describeTileView } from "@/lib/dashboards/tile-view";
import { getWarehouse } from "@/lib/db";
import { getReadWarehouse } from "@/lib/db/read-warehouse";
import { formatInstant } from "@/lib/metrics/format";
import { listMetricCatalog } from "@/lib/metrics/queries/list-metric-catalog";
import { readCurrentDefinitions } from "@/lib/metrics/queries/metric-records";
import { TileView } from "./_components/tile-content";
import { Breadcrumbs } from "@/components/ui/breadcrumbs";

export const dynamic = "force-dynamic";

type Params = Promise<{ slug: string }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** One read per request, shared with generateMetadata. */
const loadDashboard = cache(async (slug: string) => findDashboard(await getWarehouse(), slug));

export async function generateMetadata({
  params,
  searchParams,
}: {
  params: Params;
  searchParams: SearchParams;
}): Promise<Metadata> {
  await authorizePage("view");
  const dashboard = await loadDashboard((await params).slug);
  if (!dashboard) return { title: "Dashboard not found" };
  return { title: (await searchParams).edit === "1" ? `Edit ${dashboard.name}` : dashboard.name };
}

export default async function DashboardPage({
  params,
  searchParams,
}: {
  params: Params;
  searchParams: SearchParams;
}) {
  const viewer = await authorizePage("view");
  const canEdit = viewerCan(viewer, "edit_dashboards");
  const { slug } = await params;
  const dashboard = await loadDashboard(slug);
  if (!dashboard) notFound();
  // Edit mode has its own route, so viewers never download the editor.
  if ((await searchParams).edit === "1") redirect(`/dashboards/${dashboard.slug}/edit`);
  // The board itself from the primary (just saved edits show at once), its metrics from the read path.
  const rwh = await getReadWarehouse();
  const [catalog, definitions] = await Promise.all([listMetricCatalog(rwh, viewer), readCurrentDefinitions(rwh)]);
  const byKey = new Map(catalog.map((m) => [m.key, m]));

  // A tile of a metric the viewer may not see keeps neither its title nor its name.
  const restricted = (tile: DashboardTile) => !byKey.has(tile.metricKey) && definitions.has(tile.metricKey);
  const tileProps = (tile: DashboardTile) => ({
    tile,
    viewer,
    restricted: restricted(tile),
    metric: byKey.get(tile.metricKey),
    title: restricted(tile) ? "Restricted metric" : (tile.title ?? byKey.get(tile.metricKey)?.name ?? tile.metricKey),
    subtitle: describeTileView(tile.kind, tile.view),
  });

  return (
    <div className="space-y-6">
      <Breadcrumbs trail={[{ href: "/dashboards", label: "Dashboards" }]} current={dashboard.name} />

      <header className="flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          <h1 className="text-2xl font-semibold tracking-tight">{dashboard.name}</h1>
          {dashboard.description ? (
            <p className="text-muted mt-1 max-w-3xl">{dashboard.description}</p>
          ) : null}
          <p className="text-muted mt-1 text-xs">
            {dashboard.tiles.length} {dashboard.tiles.length === 1 ? "tile" : "tiles"} · updated{" "}
            <time dateTime={dashboard.updatedAt}>{formatInstant(dashboard.updatedAt)}</time>
          </p>
        </div>
        <div className="flex flex-wrap items-start gap-2">
          <CopyLinkButton path={`/dashboards/${dashboard.slug}`} />
          {canEdit ? (
            <Link href={`/dashboards/${dashboard.slug}/edit`} className={primaryButton}>
              Edit dashboard
            </Link>
          ) : null}
        </div>
      </header>

      {dashboard.tiles.length === 0 ? (
        <div className="border-line-strong rounded-xl border border-dashed p-10 text-center">
          <p className="font-medium">This dashboard has no tiles yet.</p>
          <p className="text-muted mt-1 text-sm">
            Edit it to add big numbers and charts of any metric.
          </p>
          {canEdit ? (
            <Link href={`/dashboards/${dashboard.slug}/edit`} className={`${primaryButton} mt-4`}>
              Add tiles
            </Link>
          ) : null}
        </div>
      ) : (
        <div className={DASHBOARD_GRID_CLASS}>
          {dashboard.tiles.map((tile) => {
            const props = tileProps(tile);
            const frame = { id: `tile-${tile.id}`, title: props.title, subtitle: props.subtitle };
            return (
              <div key={tile.id} className={`min-w-0 ${tileSpanClass(tile.width)}`}>
                <TileErrorBoundary frame={frame}>
                  <Suspense
                    fallback={
                      <DashboardTileFrame {...frame} className="h-full">
                        <TileSkeleton label={props.title} />
                      </DashboardTileFrame>
                    }
                  >
                    <TileView {...props} />
                  </Suspense>
                </TileErrorBoundary>
              </div>
            );
          })}
        </div>
      )}
    </div>
  );
}
