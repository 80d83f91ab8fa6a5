// A metric's status and labelled changes at its headline grain, from its
// stored total series: what tiles, the catalog, the metric page and the brief
// show. Pure.
import { z } from "zod";
import { bandsSchema, directionSchema, GRAINS, grainSchema, targetSchema, unitSchema, type Grain } from "@/lib/metrics/definition-schema";
import { addPeriods } from "@/lib/metrics/periods";
import { deltaSchema, labelSeriesDeltas, RECENT_CHANGES, YEAR_LAG } from "./deltas";
import { latestCompletePeriod, metricStatus, metricStatusSchema, STATUS_PRESENTATION, type Status } from "./status";
import { isoDaySchema } from "./words";

/** Weeks where the metric has them (days are mostly weekday noise, months react late), else its finest grain. */
export function headlineGrain(grains: readonly Grain[]): Grain {
  if (grains.includes("week")) return "week";
  return GRAINS.find((g) => grains.includes(g)) ?? "day";
}

/**
 * Periods of history read before the judged one: enough for the same period
 * a year ago and the recent history of year-over-year changes.
 */
export const statusHistoryPeriods = (grain: Grain): number => YEAR_LAG[grain] + RECENT_CHANGES[grain] + 1;

/** Off track first: the brief and lists put what needs attention on top. */
export const STATUS_RANK: Record<Status, number> = { off_track: 0, at_risk: 1, on_track: 2, no_target: 3, no_data: 4 };

export const statusMetricSchema = z.object({
  key: z.string(),
  name: z.string(),
  unit: unitSchema,
  currency: z.string().optional(),
  direction: directionSchema,
  target: targetSchema.optional(),
  bands: bandsSchema.optional(),
});
export type StatusMetric = z.input<typeof statusMetricSchema>;

export const metricStatusSummarySchema = z.object({
  key: z.string(),
  name: z.string(),
  grain: grainSchema,
  /** Start of the period judged: the latest complete one; null without one. */
  period: isoDaySchema.nullable(),
  value: z.number().nullable(),
  dataThrough: isoDaySchema.nullable(),
  status: metricStatusSchema,
  /** vs previous period, same period last year, target; empty without a judged period. */
  deltas: z.array(deltaSchema),
});
export type MetricStatusSummary = z.infer<typeof metricStatusSummarySchema>;

/**
 * Status and deltas of the latest complete period at `grain`. `points` is the
 * stored total series (any order, gaps allowed); `dataThrough` the last day
 * with data, so a period still in progress is never judged.
 */
export function summarizeMetricStatus(input: {
  metric: StatusMetric;
  grain: Grain;
  dataThrough: string | null;
  points: readonly { period: string; value: number | null }[];
}): MetricStatusSummary {
  const metric = statusMetricSchema.parse(input.metric);
  const { grain, dataThrough } = input;
  const format = { unit: metric.unit, ...(metric.currency ? { currency: metric.currency } : {}) };
  const judged = dataThrough === null ? null : latestCompletePeriod(input.points, grain, dataThrough);
  const base = { key: metric.key, name: metric.name, grain, dataThrough };
  if (!judged) {
    const status = { status: "no_data" as const, ...STATUS_PRESENTATION.no_data, target: null, gap: null, thresholds: null, sentence: `${metric.name} has no complete ${grain} of data yet.` };
    return { ...base, period: null, value: null, status, deltas: [] };
  }
  const byPeriod = new Map(input.points.map((p) => [p.period, p.value === null || !Number.isFinite(p.value) ? null : p.value]));
  const n = statusHistoryPeriods(grain);
  // One value per period, oldest first, ending with the judged one; a missing period is null.
  const values = Array.from({ length: n + 1 }, (_, i) => byPeriod.get(addPeriods(judged.period, grain, i - n)) ?? null);
  const value = values[n] ?? null;
  const status = metricStatus({
    name: metric.name,
    format,
    direction: metric.direction,
    ...(metric.target ? { target: metric.target } : {}),
    ...(metric.bands ? { bands: metric.bands } : {}),
    grain,
    period: judged.period,
    value,
    previousValue: values[n - 1] ?? null,
  });
  const deltas = labelSeriesDeltas({ name: metric.name, format, direction: metric.direction, grain, values, target: status.target?.value ?? null });
  return { ...base, period: judged.period, value, status, deltas };
}
