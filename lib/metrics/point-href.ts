// Links from a drawn point to where an auditor checks it. Pure.
import type { MetricViewData, MetricViewRow, ViewCategory } from "./view-data-schema";

/** The dimension and value a category reads: the total, a filtered slice or a broken-down value; null for "Other". */
export function categorySlice(data: Pick<MetricViewData, "view">, category: ViewCategory): { dimension: string; value: string } | null {
  if (category.kind === "other") return null;
  if (category.kind === "total") {
    const [filter] = Object.entries(data.view.filters);
    return filter ? { dimension: filter[0], value: filter[1] } : { dimension: "", value: "" };
  }
  const dimension = data.view.by ?? Object.keys(data.view.filters)[0];
  return dimension && category.dimensionValue !== null ? { dimension, value: category.dimensionValue } : null;
}

/** The drill-through page of one stored point: its value, run, source rows and a verify button. */
export function pointRowsHref(key: string, grain: string, period: string, slice: { dimension: string; value: string }): string {
  const params = new URLSearchParams({ grain, period });
  if (slice.dimension) {
    params.set("dimension", slice.dimension);
    params.set("value", slice.value);
  }
  return `/metrics/${encodeURIComponent(key)}/points?${params}`;
}

export const runHref = (runId: string) => `/runs/${encodeURIComponent(runId)}`;

/** Where a click on a period of a chart leads: the drill-through of its one series, else the run of its first. */
export function periodHref(data: MetricViewData, row: MetricViewRow): string | null {
  const drawn = data.categories.filter((c) => row.runIds[c.key] !== undefined);
  const [first] = drawn;
  if (!first) return null;
  const slice = categorySlice(data, first);
  if (drawn.length === 1 && slice) return pointRowsHref(data.metric.key, data.grain, row.period, slice);
  return runHref(row.runIds[first.key]!);
}
