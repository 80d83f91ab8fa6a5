// What a tile reads and how it is described. Pure.
import type { CatalogEntry } from "@/lib/metrics/api-schema";
import { relativeChange } from "@/lib/metrics/format";
import type { Grain } from "@/lib/metrics/definition-schema";
import type { MetricViewData } from "@/lib/metrics/view-data-schema";
import type { MetricView } from "@/lib/metrics/view-schema";
import type { TileKind } from "./schema";

/**
 * The view a tile reads. A number tile shows one total over its range: no
 * breakdown, no comparison series (its change is against the period before),
 * and chart settings do not apply.
 */
export function tileQueryView(kind: TileKind, view: MetricView): MetricView {
  if (kind === "chart") return view;
  const total: MetricView = {
    ...view,
    compare: "none",
    chart: "line",
    stacked: false,
    view: "chart",
  };
  delete total.by;
  return total;
}

/** A key that changes exactly when what a tile reads changes: its metric, kind or query view. */
export function tileDataKey(tile: { metricKey: string; kind: TileKind; view: MetricView }): string {
  const view = tileQueryView(tile.kind, tile.view);
  const ordered = Object.fromEntries(Object.entries(view).sort(([a], [b]) => a.localeCompare(b)));
  return JSON.stringify([tile.metricKey, tile.kind, ordered]);
}

export const RANGE_LABELS: Record<MetricView["range"], string> = {
  "7d": "Last 7 days",
  "30d": "Last 30 days",
  "90d": "Last 90 days",
  "12m": "Last 12 months",
  ytd: "Year to date",
  all: "All data",
  custom: "Custom range",
};

export const COMPARISON_LABELS: Record<MetricView["compare"], string> = {
  none: "No comparison",
  previous: "Previous period",
  year: "Same period last year",
};

/** "Last 90 days · by week · by country · vs previous period": a tile's settings in words. */
export function describeTileView(
  kind: TileKind,
  view: MetricView,
  grain: Grain | undefined = view.grain,
): string {
  const parts = [
    view.range === "custom" && view.from && view.to
      ? `${view.from} to ${view.to}`
      : RANGE_LABELS[view.range],
  ];
  if (grain) parts.push(`by ${grain}`);
  const [filter] = Object.entries(view.filters);
  if (filter) parts.push(`${filter[0]} = ${filter[1] || "(empty)"}`);
  if (kind === "chart") {
    if (view.by) parts.push(`top ${view.top} ${view.by} values`);
    if (view.compare !== "none") parts.push(`vs ${COMPARISON_LABELS[view.compare].toLowerCase()}`);
  }
  return parts.join(" · ");
}

export interface NumberTileSummary {
  /** The last complete period with a value. */
  latest: { period: string; value: number };
  previous: { period: string; value: number } | null;
  /** Relative change from the previous period, null when it has no meaning. */
  change: number | null;
  /** A last period the data does not yet cover, shown apart: it would understate the change. */
  partial: { period: string; value: number | null } | null;
  /** The sparkline: complete periods, oldest first. */
  trend: { period: string; value: number | null }[];
}

/** The number, change and trend of a number tile from its view's data (first category: the total or the filtered slice). */
export function summarizeNumberTile(
  data: Pick<MetricViewData, "rows" | "categories">,
): NumberTileSummary | null {
  const key = data.categories[0]?.key;
  if (!key) return null;
  const value = (row: MetricViewData["rows"][number]) => row.values[key] ?? null;
  const complete = data.rows.filter((r) => !r.partial);
  const trend = complete.map((r) => ({ period: r.period, value: value(r) }));
  const valued = trend.filter((p): p is { period: string; value: number } => p.value !== null);
  const latest = valued.at(-1);
  if (!latest) return null;
  const previous = valued.at(-2) ?? null;
  const last = data.rows.at(-1);
  return {
    latest,
    previous,
    change: relativeChange(latest.value, previous?.value ?? null),
    partial: last?.partial ? { period: last.period, value: value(last) } : null,
    trend,
  };
}

/** The grain a new tile starts with: weeks where the metric has them (daily swings are mostly weekday noise). */
export function defaultTileGrain(grains: readonly Grain[]): Grain | undefined {
  return grains.includes("week") ? "week" : grains[0];
}

/** The metrics a tile can show, as the editor needs them. */
export type TileMetricOption = Pick<
  CatalogEntry,
  "key" | "name" | "grains" | "dimensions" | "unit"
>;
