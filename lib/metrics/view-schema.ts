// What a chart of one metric shows: the state a metric page keeps in its URL
// and a dashboard tile keeps in the database. Pure: shared by pages, tiles,
// server queries and components; the only source of these types.
import { z } from "zod";
import { grainSchema } from "./definition-schema";

/** Ranges end at the metric's latest data, so a stale warehouse still shows its last weeks. */
export const RANGE_PRESETS = ["7d", "30d", "90d", "12m", "ytd", "all"] as const;
export const rangePresetSchema = z.enum(RANGE_PRESETS);
export type RangePreset = z.infer<typeof rangePresetSchema>;

export const COMPARISONS = ["none", "previous", "year"] as const;
/** previous: the period just before the range, as long; year: the same range a year earlier. */
export const comparisonSchema = z.enum(COMPARISONS);
export type Comparison = z.infer<typeof comparisonSchema>;

export const CHART_TYPES = ["line", "area", "bar"] as const;
export const chartTypeSchema = z.enum(CHART_TYPES);
export type ChartType = z.infer<typeof chartTypeSchema>;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date as YYYY-MM-DD");

export const metricViewSchema = z.object({
  /** A preset, or "custom" with from and to. */
  range: z.union([rangePresetSchema, z.literal("custom")]).default("all"),
  from: isoDate.optional(),
  to: isoDate.optional(),
  /** Absent: the metric's finest grain that keeps the chart under the point budget. */
  grain: grainSchema.optional(),
  compare: comparisonSchema.default("none"),
  /** A dimension to break the series down by. */
  by: z.string().min(1).max(63).optional(),
  /** How many dimension values are drawn before the rest is grouped as "Other". */
  top: z.coerce.number().int().min(1).max(20).default(5),
  /** One dimension value to show instead of the total: values are stored per single dimension. */
  filters: z.record(z.string().min(1).max(63), z.string().max(500)).default({}),
  chart: chartTypeSchema.default("line"),
  /** Breakdowns: stacked areas or bars instead of one line per value. */
  stacked: z.boolean().default(false),
  view: z.enum(["chart", "table"]).default("chart"),
});
export type MetricView = z.infer<typeof metricViewSchema>;

// Defined beside the downsampling, which client charts import without Zod.
export { MAX_CHART_POINTS } from "./downsample-rows";
