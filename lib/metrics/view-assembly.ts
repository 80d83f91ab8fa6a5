// Stored points turned into the rows of a planned view: one series for the
// total or a filtered slice, or the top values of a dimension plus "Other";
// comparison values aligned period by period; downsampled within the budget.
// Pure: the server reads the points, this decides what is drawn.
import { annotationMarks } from "@/lib/annotations/annotation-marks";
import type { Annotation } from "@/lib/annotations/annotation-schema";
import type { CatalogEntry } from "./api-schema";
import { anomalyMarks, type FlaggedPoint, type QualityIssue, qualityMarks } from "./chart-marks";
import { isPartialPeriod } from "./chart-rows";
import { pointRowsHref } from "./point-href";
import { downsampleRows } from "./downsample-rows";
import type { MetricViewData, MetricViewRow, ViewCategory } from "./view-data-schema";
import { describeResolution, type MetricViewPlan } from "./view-plan";
import { OTHER_KEY } from "./view-presentation";

/** One row of metric_value: the total has dimension "" and value "". */
export interface StoredPoint {
  period: string;
  dimension: string;
  dimensionValue: string;
  value: number | null;
  runId: string;
}


/** Dimension values, largest first by the sum of their absolute values over the points, then by name. */
export function rankDimensionValues(points: readonly Pick<StoredPoint, "dimensionValue" | "value">[]): string[] {
  const weight = new Map<string, number>();
  for (const p of points) weight.set(p.dimensionValue, (weight.get(p.dimensionValue) ?? 0) + Math.abs(p.value ?? 0));
  return [...weight.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([value]) => value);
}

/**
 * The total minus the parts drawn, or null without a total. Differences far
 * below the total's precision are float noise from the subtraction, not data.
 */
export function otherValue(total: number | null | undefined, parts: readonly (number | null | undefined)[]): number | null {
  if (total === null || total === undefined) return null;
  const rest = parts.reduce<number>((sum, part) => sum - (part ?? 0), total);
  if (Math.abs(rest) <= Math.abs(total) * 1e-9) return 0;
  return Number(rest.toPrecision(15));
}

/** The sum of a row's values, as the shape to downsample by. */
const rowWeight = (row: MetricViewRow): number | null => {
  const values = Object.values(row.values).filter((v): v is number => v !== null);
  return values.length ? values.reduce((a, b) => a + b, 0) : null;
};

type ByPeriod = Map<string, Map<string, StoredPoint>>;

function indexByPeriod(points: readonly StoredPoint[]): ByPeriod {
  const index: ByPeriod = new Map();
  for (const p of points) {
    const slot = index.get(p.period) ?? new Map<string, StoredPoint>();
    slot.set(p.dimensionValue, p);
    index.set(p.period, slot);
  }
  return index;
}

/** A drawn series; the total reads dimension value "", "Other" the total minus the rest. */
type Source = ViewCategory;

function cellsOf(sources: readonly Source[], series: Map<string, StoredPoint> | undefined, total: StoredPoint | undefined) {
  const values: Record<string, number | null> = {};
  const runIds: Record<string, string> = {};
  for (const source of sources) {
    if (source.kind === "other") {
      values[source.key] = otherValue(
        total?.value,
        sources.filter((s) => s.kind !== "other").map((s) => series?.get(s.dimensionValue ?? "")?.value),
      );
      continue;
    }
    const point = series?.get(source.dimensionValue ?? "");
    values[source.key] = point?.value ?? null;
    if (point) runIds[source.key] = point.runId;
  }
  return { values, runIds };
}

interface Sides {
  series: ByPeriod;
  totals: Map<string, StoredPoint>;
}

function split(points: readonly StoredPoint[], plan: MetricViewPlan): Sides {
  const isTotal = (p: StoredPoint) => p.dimension === "" && p.dimensionValue === "";
  const { dimension, value } = plan.read;
  const series = points.filter((p) => (dimension === "" ? isTotal(p) : p.dimension === dimension && (value === null || p.dimensionValue === value)));
  return { series: indexByPeriod(series), totals: new Map(points.filter(isTotal).map((p) => [p.period, p])) };
}

function categoriesOf(plan: MetricViewPlan, points: readonly StoredPoint[]): { sources: Source[]; breakdown: MetricViewData["breakdown"] } {
  const { metric, view } = plan;
  const [filter] = Object.entries(view.filters);
  if (!view.by) {
    const label = filter ? filter[1] || "(empty)" : metric.name;
    return { sources: [{ key: "s0", label, kind: filter ? "value" : "total", dimensionValue: filter ? filter[1] : "" }], breakdown: null };
  }
  const by = view.by;
  const ranked = rankDimensionValues(points.filter((p) => p.dimension === by));
  const top = ranked.slice(0, view.top);
  const rest = ranked.length - top.length;
  const sources: Source[] = top.map((value, i) => ({ key: `s${i}`, label: value || "(empty)", kind: "value", dimensionValue: value }));
  let note: string | null = null;
  if (rest > 0 && metric.additive) {
    sources.push({ key: OTHER_KEY, label: "Other", kind: "other", dimensionValue: null });
    note = `Other: the ${rest.toLocaleString("en-US")} smaller ${rest === 1 ? "value" : "values"} of ${by}, the total minus the top ${top.length}.`;
  } else if (rest > 0) {
    note = `Other not shown: values of ${metric.name} do not add up, so the ${rest.toLocaleString("en-US")} smaller ${rest === 1 ? "value" : "values"} of ${by} cannot be combined into one series.`;
  }
  return { sources, breakdown: { dimension: by, top: view.top, valueCount: ranked.length, note } };
}

/** The view's data from its plan and the points read for it (range and comparison range). */
export function assembleMetricView(
  plan: MetricViewPlan,
  input: {
    points: readonly StoredPoint[];
    comparisonPoints: readonly StoredPoint[];
    lastRun: CatalogEntry["lastRun"];
    qualityIssues?: readonly QualityIssue[];
    /** Events and definition changes on this metric overlapping the range. */
    annotations?: readonly Annotation[];
    /** Flagged days of the metric's daily series in the range. */
    anomalies?: readonly FlaggedPoint[];
  },
): MetricViewData {
  const { metric, view, grain, comparison, bounds, maxPoints } = plan;
  const { sources, breakdown } = categoriesOf(plan, input.points);
  const current = split(input.points, plan);
  const previous = comparison ? split(input.comparisonPoints, plan) : null;
  const hasOther = sources.some((s) => s.kind === "other");

  const periods = new Set(current.series.keys());
  if (hasOther) for (const period of current.totals.keys()) periods.add(period);
  const inRange = [...periods].filter((p) => p >= plan.range.from && p <= plan.range.to).sort();

  const rows: MetricViewRow[] = inRange.map((period) => {
    const row: MetricViewRow = {
      period,
      ...cellsOf(sources, current.series.get(period), current.totals.get(period)),
      partial: isPartialPeriod(period, grain, bounds.through),
    };
    if (comparison && previous) {
      const aligned = comparison.align(period);
      row.comparison = { period: aligned, ...cellsOf(sources, previous.series.get(aligned), previous.totals.get(aligned)) };
    }
    return row;
  });

  const drawn = rows.length > maxPoints ? downsampleRows(rows, maxPoints, rowWeight) : rows;
  const downsampled = drawn.length < rows.length ? { drawn: drawn.length, total: rows.length } : null;

  return {
    metric,
    view,
    warnings: plan.warnings,
    range: plan.range,
    grain,
    note: describeResolution({ grain, movedFrom: plan.movedFrom, movedFromPeriods: plan.movedFromPeriods, downsampled, maxPoints }),
    downsampled,
    categories: sources.map((s) => (s.kind === "total" ? { ...s, dimensionValue: null } : s)),
    rows: drawn,
    comparison: comparison ? { kind: comparison.kind, label: comparison.label, from: comparison.from, to: comparison.to } : null,
    filter: (() => {
      const [filter] = Object.entries(view.filters);
      return filter ? { dimension: filter[0], value: filter[1] } : null;
    })(),
    breakdown,
    stacked: view.stacked && view.by !== undefined && metric.additive && view.chart !== "line",
    dataFrom: bounds.from,
    dataThrough: bounds.through,
    lastRun: input.lastRun,
    qualityIssues: [...(input.qualityIssues ?? [])],
    marks: [
      ...qualityMarks(input.qualityIssues ?? [], metric.name, grain, plan.range.from, plan.range.to),
      ...annotationMarks(input.annotations ?? [], grain, plan.range.from, plan.range.to),
      ...anomalyMarks(input.anomalies ?? [], grain, plan.range.from, plan.range.to, (day) =>
        pointRowsHref(metric.key, "day", day, (([f]) => (f ? { dimension: f[0], value: f[1] } : { dimension: "", value: "" }))(Object.entries(view.filters))),
      ),
    ].sort((a, b) => a.period.localeCompare(b.period)),
  };
}
