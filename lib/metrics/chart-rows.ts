// Series points turned into chart rows and words. Pure.
import type { SeriesPoint } from "./api-schema";
import { GRAINS, type Grain } from "./grains";
import { formatChange, formatPeriod, formatValue, relativeChange, type ValueFormat } from "./format";

/** One row per period: `period` (YYYY-MM-DD) and one number or null per category. */
export type ChartRow = { period: string } & Record<string, string | number | null>;

export const TOTAL_CATEGORY = "value";

/** The total series as rows with one category, `value`. */
export function toTotalRows(points: readonly SeriesPoint[]): ChartRow[] {
  return points.map((p) => ({ period: p.period, [TOTAL_CATEGORY]: p.value }));
}

/**
 * Points broken down by a dimension as one row per period and one category per
 * dimension value, the largest (by sum of absolute values) first. A period a
 * value has no point for holds null, so a line shows a gap, not a zero.
 */
export function pivotByDimension(points: readonly SeriesPoint[], limit?: number): { rows: ChartRow[]; categories: string[] } {
  const weight = new Map<string, number>();
  const byPeriod = new Map<string, Map<string, number | null>>();
  for (const p of points) {
    const category = p.dimension ?? TOTAL_CATEGORY;
    weight.set(category, (weight.get(category) ?? 0) + Math.abs(p.value ?? 0));
    const row = byPeriod.get(p.period) ?? new Map<string, number | null>();
    row.set(category, p.value);
    byPeriod.set(p.period, row);
  }
  const categories = [...weight.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], "en"))
    .map(([category]) => category)
    .slice(0, limit);
  const rows = [...byPeriod.keys()].sort().map((period) => {
    const values = byPeriod.get(period);
    const row: ChartRow = { period };
    for (const category of categories) row[category] = values?.get(category) ?? null;
    return row;
  });
  return { rows, categories };
}

/** The finest of a metric's grains: the default view. */
export function finestGrain(grains: readonly Grain[]): Grain {
  return GRAINS.find((g) => grains.includes(g)) ?? "day";
}

export interface LatestChange {
  latest: SeriesPoint;
  previous: SeriesPoint | null;
  /** Relative change from the previous period, null when it has no meaning. */
  change: number | null;
}

/** The last point with a value and its change from the period before it. */
export function latestChange(points: readonly SeriesPoint[]): LatestChange | null {
  const withValues = points.filter((p) => p.value !== null);
  const latest = withValues.at(-1);
  if (!latest) return null;
  const previous = withValues.at(-2) ?? null;
  return { latest, previous, change: relativeChange(latest.value, previous?.value ?? null) };
}

const plural = (n: number, word: string) => `${n.toLocaleString("en-US")} ${word}${n === 1 ? "" : "s"}`;

/**
 * One sentence saying what a chart of the total series shows, for people who
 * cannot see it: span, latest value and its change, highest and lowest. A last
 * period the data does not yet cover is named as partial and left out of the
 * change and the extremes.
 */
export function summarizeSeries(
  name: string,
  grain: Grain,
  points: readonly SeriesPoint[],
  format: ValueFormat,
  dataThrough: string | null = null,
): string {
  const first = points[0];
  const last = points.at(-1);
  if (!first || !last || !points.some((p) => p.value !== null)) return `${name} has no data at ${grain} grain.`;
  const partial = isPartialPeriod(last.period, grain, dataThrough) ? last : null;
  const complete = partial ? points.slice(0, -1) : points;
  const valued = complete.filter((p): p is SeriesPoint & { value: number } => p.value !== null);
  const value = (v: number | null) => formatValue(v, format);
  const period = (p: SeriesPoint) => formatPeriod(p.period, grain);
  const span = points.length === 1 ? `in ${period(first)}` : `from ${period(first)} to ${period(last)}`;
  let sentence = `${name} by ${grain}, ${plural(points.length, grain)} ${span}: `;
  if (partial) {
    sentence += `${period(partial)} so far ${value(partial.value)} (partial: data through ${formatPeriod(dataThrough ?? partial.period, "day")})`;
  }
  const change = latestChange(complete);
  if (change) {
    const changeText =
      change.change === null
        ? ""
        : change.change === 0
          ? `, unchanged from the previous ${grain}`
          : `, ${formatChange(change.change)} from the previous ${grain}`;
    sentence += `${partial ? "; last complete" : "latest"} ${value(change.latest.value)} (${period(change.latest)})${changeText}`;
  }
  if (valued.length > 1) {
    const highest = valued.reduce((a, b) => (b.value > a.value ? b : a));
    const lowest = valued.reduce((a, b) => (b.value < a.value ? b : a));
    sentence += `; highest ${value(highest.value)} (${period(highest)}), lowest ${value(lowest.value)} (${period(lowest)})`;
  }
  return `${sentence}.`;
}

/** The last day (YYYY-MM-DD) of the bucket starting at `period`. */
export function periodEnd(period: string, grain: Grain): string {
  const d = new Date(`${period}T00:00:00Z`);
  if (grain === "week") d.setUTCDate(d.getUTCDate() + 6);
  else if (grain === "month") d.setUTCMonth(d.getUTCMonth() + 1, 0);
  else if (grain === "quarter") d.setUTCMonth(d.getUTCMonth() + 3, 0);
  return d.toISOString().slice(0, 10);
}

/** Whether the data stops before the bucket ends, so its value covers only part of it. */
export function isPartialPeriod(period: string, grain: Grain, dataThrough: string | null): boolean {
  return dataThrough !== null && dataThrough >= period && dataThrough < periodEnd(period, grain);
}

export interface TimeAxis {
  /** Periods to put ticks at, or undefined to let the chart choose. */
  ticks: string[] | undefined;
  /** The grain to label ticks with. */
  tickGrain: Grain;
}

const MONTH_STEPS = [1, 2, 3, 6, 12, 24];

/**
 * Ticks on calendar boundaries, at most `maxTicks`: the first period of every
 * 1, 2, 3, 6 or 12 months, labelled by month (by quarter for quarterly data).
 * Short spans are left to the chart.
 */
export function timeAxis(periods: readonly string[], grain: Grain, maxTicks = 8): TimeAxis {
  const monthOf = (p: string) => Number(p.slice(0, 4)) * 12 + Number(p.slice(5, 7)) - 1;
  const boundaries = periods.filter((p, i) => (i === 0 ? p.endsWith("-01") : monthOf(p) !== monthOf(periods[i - 1] ?? p)));
  if (boundaries.length < 2) return { ticks: undefined, tickGrain: grain };
  for (const step of MONTH_STEPS) {
    if (grain === "quarter" && step % 3 !== 0) continue;
    const ticks = boundaries.filter((p) => monthOf(p) % step === 0);
    if (ticks.length <= maxTicks && ticks.length >= 2) return { ticks, tickGrain: grain === "quarter" ? "quarter" : "month" };
  }
  return { ticks: undefined, tickGrain: grain };
}
