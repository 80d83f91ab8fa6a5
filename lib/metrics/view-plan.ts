// From a view someone asked for to what a chart can show: the view checked
// against the metric, the range in days, the grain within the point budget and
// the comparison range. Pure: the server reads the rows this plan names.
import { GRAINS, type Grain, type MetricDefinition } from "./definition-schema";
import { GRAIN_PLURALS } from "./format";
import { addDays, addMonths, addPeriods, bucketStart, countPeriods, yearEarlier } from "./periods";
import type { MetricViewData } from "./view-data-schema";
import { type Comparison, MAX_CHART_POINTS, type MetricView, type RangePreset } from "./view-schema";

export type ViewMetric = MetricViewData["metric"];

/** First and last period of the metric's total series at its finest grain, or null without data. */
export interface DataBounds {
  from: string | null;
  through: string | null;
}

/**
 * Whether the values of a dimension's values add up to the total: a sum or a
 * count of rows, each row having one value per dimension. Distinct counts,
 * averages, extremes, rolling windows, ratios, derived and running totals do not.
 */
export function isAdditiveDefinition(definition: MetricDefinition): boolean {
  return definition.kind === "aggregate" && (definition.aggregate.fn === "sum" || definition.aggregate.fn === "count");
}

const quoted = (values: readonly string[]) => values.map((v) => `“${v}”`).join(", ");

/** `view` without what `metric` cannot show, and a warning for each thing dropped. */
export function normalizeMetricView(view: MetricView, metric: ViewMetric): { view: MetricView; warnings: string[] } {
  const warnings: string[] = [];
  const next: MetricView = { ...view, filters: { ...view.filters } };
  if (next.grain && !metric.grains.includes(next.grain)) {
    warnings.push(`“${next.grain}” is not a grain of ${metric.name}; use ${quoted(metric.grains)}. Showing the default grain.`);
    delete next.grain;
  }
  if (next.range === "custom" && (!next.from || !next.to || next.from > next.to)) {
    warnings.push("A custom range needs “from” on or before “to”; showing all data.");
    next.range = "all";
  }
  if (next.range !== "custom") {
    delete next.from;
    delete next.to;
  }
  const noDimensions = `${metric.name} has no dimensions to`;
  if (next.by !== undefined && !metric.dimensions.includes(next.by)) {
    warnings.push(
      metric.dimensions.length
        ? `“${next.by}” is not a dimension of ${metric.name}; break down by ${quoted(metric.dimensions)}.`
        : `${noDimensions} break down by.`,
    );
    delete next.by;
  }
  const filters = Object.entries(next.filters);
  next.filters = {};
  for (const [i, [dimension, value]] of filters.entries()) {
    if (i > 0) warnings.push(`Only one filter at a time is supported; the filter on “${dimension}” is ignored.`);
    else if (!metric.dimensions.includes(dimension)) {
      warnings.push(
        metric.dimensions.length
          ? `“${dimension}” is not a dimension of ${metric.name}; filter by ${quoted(metric.dimensions)}.`
          : `${noDimensions} filter by.`,
      );
    } else if (next.by !== undefined) {
      warnings.push(`A filter cannot be combined with a breakdown (values are stored per single dimension); the filter ${dimension} = “${value}” is ignored.`);
    } else next.filters[dimension] = value;
  }
  if (next.stacked && next.by !== undefined && !metric.additive) {
    warnings.push(`Not stacked: values of ${metric.name} do not add up, so a stack would show a meaningless total.`);
    next.stacked = false;
  }
  return { view: next, warnings };
}

export interface ResolvedRange {
  preset: RangePreset | "custom";
  label: string;
  /** First and last day asked for. */
  from: string;
  to: string;
}

const RANGE_LABELS: Record<RangePreset | "custom", string> = {
  "7d": "Last 7 days",
  "30d": "Last 30 days",
  "90d": "Last 90 days",
  "12m": "Last 12 months",
  ytd: "Year to date",
  all: "All data",
  custom: "Custom range",
};

/**
 * The days a view covers. Presets end at the metric's last day with data (or
 * `today` without data), so a warehouse that stopped loading still shows its
 * last weeks rather than an empty chart.
 */
export function resolveRange(view: Pick<MetricView, "range" | "from" | "to">, bounds: DataBounds, today: string): ResolvedRange {
  const anchor = bounds.through ?? today;
  const label = RANGE_LABELS[view.range];
  switch (view.range) {
    case "7d":
    case "30d":
    case "90d":
      return { preset: view.range, label, from: addDays(anchor, -(Number.parseInt(view.range, 10) - 1)), to: anchor };
    case "12m":
      return { preset: view.range, label, from: addDays(addMonths(anchor, -12), 1), to: anchor };
    case "ytd":
      return { preset: view.range, label, from: `${anchor.slice(0, 4)}-01-01`, to: anchor };
    case "custom":
      if (view.from && view.to) return { preset: "custom", label, from: view.from, to: view.to };
      return { preset: "all", label: RANGE_LABELS.all, from: bounds.from ?? anchor, to: anchor };
    case "all":
      return { preset: "all", label, from: bounds.from ?? anchor, to: anchor };
  }
}

/** The part of [from, to] that has data, or null when they do not overlap. */
export function clipToData(from: string, to: string, bounds: DataBounds): { from: string; to: string } | null {
  if (!bounds.from || !bounds.through) return null;
  const clipped = { from: from > bounds.from ? from : bounds.from, to: to < bounds.through ? to : bounds.through };
  return clipped.from <= clipped.to ? clipped : null;
}

export interface GrainChoice {
  grain: Grain;
  /** The grain asked for, when a coarser one is drawn instead. */
  movedFrom: Grain | null;
  /** Periods of `grain` in the range: more than the budget means the rows must be downsampled. */
  periods: number;
}

/**
 * The grain to draw: the one asked for (else the metric's finest) if its
 * periods fit the budget, else the first coarser grain of the metric that fits,
 * else the coarsest, to be downsampled. `span` is the part of the range with data.
 */
export function chooseGrain(options: {
  requested: Grain | undefined;
  grains: readonly Grain[];
  span: { from: string; to: string } | null;
  maxPoints?: number;
}): GrainChoice {
  const { requested, span, maxPoints = MAX_CHART_POINTS } = options;
  const grains = GRAINS.filter((g) => options.grains.includes(g));
  const start = requested && grains.includes(requested) ? requested : (grains[0] ?? "day");
  const count = (g: Grain) => (span ? countPeriods(span.from, span.to, g) : 0);
  const candidates = grains.filter((g) => GRAINS.indexOf(g) >= GRAINS.indexOf(start));
  const fits = candidates.find((g) => count(g) <= maxPoints);
  const grain = fits ?? candidates.at(-1) ?? start;
  return { grain, movedFrom: grain !== start ? start : null, periods: count(grain) };
}

const integer = (n: number) => n.toLocaleString("en-US");

/** Says why a chart shows a coarser grain or fewer periods than asked, or null when it shows what was asked. */
export function describeResolution(options: {
  grain: Grain;
  movedFrom: Grain | null;
  movedFromPeriods?: number;
  downsampled: { drawn: number; total: number } | null;
  maxPoints?: number;
}): string | null {
  const { grain, movedFrom, downsampled, maxPoints = MAX_CHART_POINTS } = options;
  const parts: string[] = [];
  if (movedFrom) {
    const asked = options.movedFromPeriods === undefined ? GRAIN_PLURALS[movedFrom] : `${integer(options.movedFromPeriods)} ${GRAIN_PLURALS[movedFrom]}`;
    parts.push(`Showing ${GRAIN_PLURALS[grain]} instead of ${GRAIN_PLURALS[movedFrom]}: ${asked} would be more than the ${integer(maxPoints)} points a chart draws.`);
  }
  if (downsampled) {
    parts.push(
      `Downsampled: ${integer(downsampled.drawn)} of ${integer(downsampled.total)} ${GRAIN_PLURALS[grain]} are drawn, chosen to keep the shape of the series ` +
        `(largest-triangle-three-buckets); the table and CSV hold the same ${integer(downsampled.drawn)}.`,
    );
  }
  return parts.length ? parts.join(" ") : null;
}

export interface ComparisonPlan {
  kind: Exclude<Comparison, "none">;
  label: string;
  from: string;
  to: string;
  /** The comparison period aligned with a period of the range. */
  align(period: string): string;
}

export const COMPARISON_LABELS: Record<Exclude<Comparison, "none">, string> = {
  previous: "previous period",
  year: "same period last year",
};

/**
 * The comparison of the buckets from `from` (a bucket start) to `to`:
 * `previous` is as many buckets just before; `year` is each bucket a year
 * earlier (52 weeks for weeks). Period i of the range lines up with period i
 * of the comparison.
 */
export function planComparison(kind: Comparison, from: string, to: string, grain: Grain): ComparisonPlan | null {
  if (kind === "none") return null;
  if (kind === "previous") {
    const n = countPeriods(from, to, grain);
    return { kind, label: COMPARISON_LABELS[kind], from: addPeriods(from, grain, -n), to: addDays(from, -1), align: (p) => addPeriods(p, grain, -n) };
  }
  const shiftDay = (day: string) => (grain === "week" ? addDays(day, -364) : addMonths(day, -12));
  return { kind, label: COMPARISON_LABELS[kind], from: yearEarlier(from, grain), to: shiftDay(to), align: (p) => yearEarlier(p, grain) };
}

export interface MetricViewPlan {
  metric: ViewMetric;
  view: MetricView;
  warnings: string[];
  /** `from` moved back to the start of its bucket. */
  range: ResolvedRange;
  grain: Grain;
  movedFrom: Grain | null;
  /** Periods of the asked grain in the range, for the note when it moved. */
  movedFromPeriods: number | undefined;
  comparison: ComparisonPlan | null;
  bounds: DataBounds;
  maxPoints: number;
  /** What to read: the total, one dimension's values, or one value of one dimension. */
  read: { dimension: string; value: string | null; withTotal: boolean };
}

/** Everything about a view that does not need its rows. */
export function planMetricView(options: {
  metric: ViewMetric;
  view: MetricView;
  bounds: DataBounds;
  today: string;
  maxPoints?: number;
}): MetricViewPlan {
  const { metric, bounds, today, maxPoints = MAX_CHART_POINTS } = options;
  const { view, warnings } = normalizeMetricView(options.view, metric);
  const asked = resolveRange(view, bounds, today);
  const span = clipToData(asked.from, asked.to, bounds);
  const choice = chooseGrain({ requested: view.grain, grains: metric.grains, span, maxPoints });
  const range = { ...asked, from: bucketStart(asked.from, choice.grain) };
  const [filter] = Object.entries(view.filters);
  return {
    metric,
    view,
    warnings,
    range,
    grain: choice.grain,
    movedFrom: choice.movedFrom,
    movedFromPeriods: choice.movedFrom && span ? countPeriods(span.from, span.to, choice.movedFrom) : undefined,
    comparison: planComparison(view.compare, range.from, range.to, choice.grain),
    bounds,
    maxPoints,
    read: view.by
      ? { dimension: view.by, value: null, withTotal: metric.additive }
      : filter
        ? { dimension: filter[0], value: filter[1], withTotal: false }
        : { dimension: "", value: "", withTotal: false },
  };
}
