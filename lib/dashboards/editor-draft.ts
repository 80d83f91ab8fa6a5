// The editor's working copy of a dashboard, and the body its Save sends. Pure.
import type { MetricView } from "@/lib/metrics/view-schema";
import { metricViewSchema } from "@/lib/metrics/view-schema";
import type { Dashboard, TileKind, TileWidth, UpdateDashboardBodyInput } from "./schema";
import { defaultTileGrain, type TileMetricOption } from "./tile-view";

export interface DraftTile {
  /** The stored tile's id, or a new one made by the editor; only for keys and drag and drop. */
  id: string;
  metricKey: string;
  kind: TileKind;
  /** "" : the metric's name. */
  title: string;
  width: TileWidth;
  view: MetricView;
}

export interface DashboardDraft {
  name: string;
  description: string;
  tiles: DraftTile[];
}

export function draftFromDashboard(
  dashboard: Pick<Dashboard, "name" | "description" | "tiles">,
): DashboardDraft {
  return {
    name: dashboard.name,
    description: dashboard.description,
    tiles: dashboard.tiles.map((t) => ({
      id: t.id,
      metricKey: t.metricKey,
      kind: t.kind,
      title: t.title ?? "",
      width: t.width,
      view: t.view,
    })),
  };
}

/** The PUT body: tiles in their draft order, without the editor's ids. */
export function draftToBody(draft: DashboardDraft): UpdateDashboardBodyInput {
  return {
    name: draft.name,
    description: draft.description,
    tiles: draft.tiles.map((t) => ({
      metricKey: t.metricKey,
      kind: t.kind,
      title: t.title.trim() || null,
      width: t.width,
      view: t.view,
    })),
  };
}

/** A new tile of `metric`: a number over the last 12 months, or a line chart over the last 90 days, by week where it can. */
export function newDraftTile(metric: TileMetricOption, kind: TileKind, id: string): DraftTile {
  const grain = defaultTileGrain(metric.grains);
  const view = metricViewSchema.parse({
    range: kind === "number" ? "12m" : "90d",
    ...(grain ? { grain } : {}),
  });
  return { id, metricKey: metric.key, kind, title: "", width: kind === "number" ? 1 : 2, view };
}

/** A tile turned into another kind; a number tile has no breakdown. */
export function changeTileKind(tile: DraftTile, kind: TileKind): DraftTile {
  if (kind === tile.kind) return tile;
  if (kind === "chart") return { ...tile, kind };
  const view: MetricView = { ...tile.view, compare: "none", stacked: false };
  delete view.by;
  return { ...tile, kind, view };
}

/** A tile with some view settings changed; `by: undefined` removes the breakdown, and a breakdown removes a filter. */
export function changeTileView(tile: DraftTile, change: Partial<MetricView>): DraftTile {
  const view: MetricView = { ...tile.view, ...change };
  if ("by" in change && change.by === undefined) delete view.by;
  if ("grain" in change && change.grain === undefined) delete view.grain;
  if (view.by !== undefined) view.filters = {};
  if (view.range !== "custom") {
    delete view.from;
    delete view.to;
  }
  return { ...tile, view };
}
