// A metric view written as a query string, defaults left out so links stay
// short. Pure and free of Zod, for client components; view-params.ts reads it back.
import type { MetricView } from "./view-schema";

/** metricViewSchema's defaults; a unit test holds them equal. */
export const VIEW_DEFAULTS = { range: "all", compare: "none", top: 5, chart: "line", stacked: false, view: "chart" } as const;

export const FILTER_PREFIX = "filter.";

/** The query string of a view, defaults left out, in a stable order. */
export function metricViewSearchParams(view: MetricView): URLSearchParams {
  const params = new URLSearchParams();
  if (view.range !== VIEW_DEFAULTS.range) params.set("range", view.range);
  if (view.range === "custom") {
    if (view.from) params.set("from", view.from);
    if (view.to) params.set("to", view.to);
  }
  if (view.grain) params.set("grain", view.grain);
  if (view.compare !== VIEW_DEFAULTS.compare) params.set("compare", view.compare);
  if (view.by) {
    params.set("by", view.by);
    if (view.top !== VIEW_DEFAULTS.top) params.set("top", String(view.top));
  }
  for (const [dimension, value] of Object.entries(view.filters)) params.set(`${FILTER_PREFIX}${dimension}`, value);
  if (view.chart !== VIEW_DEFAULTS.chart) params.set("chart", view.chart);
  if (view.stacked) params.set("stacked", "1");
  if (view.view !== VIEW_DEFAULTS.view) params.set("view", view.view);
  return params;
}

const withQuery = (path: string, params: URLSearchParams) => {
  const query = params.toString();
  return query ? `${path}?${query}` : path;
};

/** The metric page showing `view`. */
export const metricViewHref = (key: string, view: MetricView): string => withQuery(`/metrics/${key}`, metricViewSearchParams(view));

/** The CSV of exactly the rows the chart of `view` shows. */
export function metricViewExportHref(key: string, view: MetricView): string {
  const params = metricViewSearchParams(view);
  // Presentation only: the rows are the same in every chart type and in the table.
  for (const name of ["chart", "stacked", "view"]) params.delete(name);
  return withQuery(`/api/metrics/${key}/export`, params);
}
