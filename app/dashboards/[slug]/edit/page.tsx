// The dashboard editor: its own route, so viewing a dashboard never loads it.
import { authorizePage } from "@/lib/auth/authorize";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache, Suspense } from "react";
import { DashboardEditor } from "@/components/dashboards/dashboard-editor";
import { TileErrorBoundary } from "@/components/dashboards/tile-error-boundary";
import { TileSkeleton } from "@/components/dashboards/tile-problem";
import { findDashboard } from "@/lib/dashboards/queries/find-dashboard";
import type { DashboardTile } from "@/lib/dashboards/schema";
import { describeTileView } from "@/lib/dashboards/tile-view";
import { getWarehouse } from "@/lib/db";
import { listMetricCatalog } from "@/lib/metrics/queries/list-metric-catalog";
import { readCurrentDefinitions } from "@/lib/metrics/queries/metric-records";
import { TilePreview } from "../_components/tile-content";

export const dynamic = "force-dynamic";

type Params = Promise<{ slug: string }>;

/** One read per request, shared with generateMetadata. */
const loadDashboard = cache(async (slug: string) => findDashboard(await getWarehouse(), slug));

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  await authorizePage("edit_dashboards");
  const dashboard = await loadDashboard((await params).slug);
  return { title: dashboard ? `Edit ${dashboard.name}` : "Dashboard not found" };
}

export default async function EditDashboardPage({ params }: { params: Params }) {
  const viewer = await authorizePage("edit_dashboards");
  const dashboard = await loadDashboard((await params).slug);
  if (!dashboard) notFound();
  const wh = await getWarehouse();
  const [catalog, definitions] = await Promise.all([listMetricCatalog(wh, viewer), readCurrentDefinitions(wh)]);
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
    <DashboardEditor
      dashboard={dashboard}
      metrics={catalog.map(({ key, name, grains, dimensions, unit }) => ({
        key,
        name,
        grains,
        dimensions,
        unit,
      }))}
      previews={Object.fromEntries(
        dashboard.tiles.map((tile) => {
          const props = tileProps(tile);
          return [
            tile.id,
            <TileErrorBoundary key={tile.id}>
              <Suspense fallback={<TileSkeleton label={props.title} />}>
                <TilePreview {...props} />
              </Suspense>
            </TileErrorBoundary>,
          ];
        }),
      )}
    />
  );
}
