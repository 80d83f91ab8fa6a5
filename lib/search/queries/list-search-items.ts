import "server-only";
import type { DashboardSummary } from "@/lib/dashboards/schema";
import { listDashboards } from "@/lib/dashboards/queries/list-dashboards";
import type { Warehouse } from "@/lib/db";
import type { Viewer } from "@/lib/auth/viewer-schema";
import { metricVisibleTo } from "@/lib/auth/metric-access";
import { readCurrentDefinitions } from "@/lib/metrics/queries/metric-records";
import { metricSearchItem, type SearchItem } from "../search-item-schema";

function dashboardSearchItem(dashboard: DashboardSummary): SearchItem {
  return {
    kind: "dashboard",
    id: dashboard.slug,
    title: dashboard.name,
    description: dashboard.description,
    href: `/dashboards/${dashboard.slug}`,
    synonyms: [],
    tags: [],
    featured: true,
  };
}

/**
 * Everything the command palette opens: every metric, headline metrics first,
 * then by name, and every dashboard by name. Definitions only, no freshness,
 * since it is read with every page.
 */
export async function listSearchItems(wh: Warehouse, viewer: Viewer): Promise<SearchItem[]> {
  const [definitions, dashboards] = await Promise.all([readCurrentDefinitions(wh), listDashboards(wh)]);
  const metrics = [...definitions.values()]
    .filter(({ key }) => metricVisibleTo(viewer, key, definitions))
    .map(({ key, definition: d }) => ({ key, name: d.name, description: d.description, synonyms: d.synonyms, tags: d.tags, owner: d.owner, headline: d.headline }))
    .sort((a, b) => Number(b.headline) - Number(a.headline) || a.name.localeCompare(b.name, "en") || a.key.localeCompare(b.key, "en"));
  return [...metrics.map(metricSearchItem), ...dashboards.map(dashboardSearchItem)];
}
