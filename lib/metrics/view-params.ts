// A metric view read from a query string. The page reads it leniently: each
// bad parameter falls back to its default with a warning that names it, so a
// mangled link still opens. Writing is in view-href.ts, re-exported here. Pure.
import { z } from "zod";
import { grainSchema } from "./definition-schema";
import { isIsoDay } from "./periods";
import { FILTER_PREFIX } from "./view-href";
import { chartTypeSchema, comparisonSchema, type MetricView, metricViewSchema, rangePresetSchema } from "./view-schema";

export { metricViewExportHref, metricViewHref, metricViewSearchParams } from "./view-href";

export type RawSearchParams = Record<string, string | string[] | undefined>;
const DEFAULT_VIEW: MetricView = metricViewSchema.parse({});

const quote = (value: string) => `“${value.length > 60 ? `${value.slice(0, 60)}…` : value}”`;

const booleanParam = z.enum(["1", "true", "0", "false"]).transform((v) => v === "1" || v === "true");

/** Every parameter of the metric page, each parsed on its own. */
const PARAMS = {
  range: z.union([rangePresetSchema, z.literal("custom")]),
  grain: grainSchema,
  compare: comparisonSchema,
  by: metricViewSchema.shape.by.unwrap(),
  top: metricViewSchema.shape.top.unwrap(),
  chart: chartTypeSchema,
  stacked: booleanParam,
  view: metricViewSchema.shape.view.unwrap(),
} as const;

const EXPECTED: Record<keyof typeof PARAMS, string> = {
  range: "one of 7d, 30d, 90d, 12m, ytd, all, custom",
  grain: "one of day, week, month, quarter",
  compare: "one of none, previous, year",
  by: "a dimension name",
  top: "a whole number from 1 to 20",
  chart: "one of line, area, bar",
  stacked: "1 or 0",
  view: "chart or table",
};

const isKnown = (name: string): name is keyof typeof PARAMS => Object.hasOwn(PARAMS, name);

/**
 * The view a query string asks for, and a warning for every parameter that was
 * ignored. `from` and `to` without `range` mean a custom range.
 */
export function parseMetricViewParams(raw: RawSearchParams): { view: MetricView; warnings: string[] } {
  const warnings: string[] = [];
  const view: MetricView = { ...DEFAULT_VIEW, filters: {} };
  const days: { from?: string; to?: string } = {};
  let rangeGiven = false;

  for (const [name, given] of Object.entries(raw)) {
    if (given === undefined) continue;
    const values = Array.isArray(given) ? given : [given];
    const value = values[0] ?? "";
    if (values.length > 1) warnings.push(`“${name}” is given ${values.length} times; using the first, ${quote(value)}.`);

    if (name === "from" || name === "to") {
      if (isIsoDay(value)) days[name] = value;
      else warnings.push(`“${name}=${value}” is not a date as YYYY-MM-DD; ignored.`);
    } else if (name.startsWith(FILTER_PREFIX) && name.length > FILTER_PREFIX.length) {
      const dimension = name.slice(FILTER_PREFIX.length);
      if (Object.keys(view.filters).length > 0) warnings.push(`Only one filter at a time is supported; “${name}” is ignored.`);
      else if (dimension.length > 63 || value.length > 500) warnings.push(`“${name}” is too long; ignored.`);
      else view.filters[dimension] = value;
    } else if (isKnown(name)) {
      const parsed = PARAMS[name].safeParse(value);
      if (!parsed.success) {
        warnings.push(`“${name}=${value}” is not valid (expected ${EXPECTED[name]}); using the default.`);
        continue;
      }
      if (name === "range") rangeGiven = true;
      Object.assign(view, { [name]: parsed.data });
    } else {
      warnings.push(`“${name}” is not a setting of this page; ignored.`);
    }
  }

  const wantsCustom = view.range === "custom" || (!rangeGiven && (days.from !== undefined || days.to !== undefined));
  if (wantsCustom) {
    if (days.from === undefined || days.to === undefined) {
      warnings.push("A custom range needs both “from” and “to”; showing all data.");
      view.range = "all";
    } else if (days.from > days.to) {
      warnings.push(`“from” (${days.from}) is after “to” (${days.to}); showing all data.`);
      view.range = "all";
    } else {
      Object.assign(view, { range: "custom", from: days.from, to: days.to });
    }
  } else if (days.from !== undefined || days.to !== undefined) {
    warnings.push(`“from” and “to” apply to a custom range only; showing ${view.range}.`);
  }
  return { view, warnings };
}

/** The default view, for building links from scratch. */
export const defaultMetricView = (): MetricView => ({ ...DEFAULT_VIEW, filters: {} });
