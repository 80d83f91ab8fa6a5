// What a chart of one metric needs, as getMetricView answers it: the view as
// resolved against the metric and its data, and the rows to draw. Pure: shared
// by the server query, the metric page, dashboard tiles, the CSV export and the
// chart components; the only source of these types.
import { z } from "zod";
import { lastRunSchema } from "./api-schema";
import { chartMarkSchema, qualityIssueSchema } from "./chart-marks";
import { directionSchema, grainSchema, unitSchema } from "./definition-schema";
import { comparisonSchema, metricViewSchema, rangePresetSchema } from "./view-schema";

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** A drawn series: the total, one dimension value, or "Other" (the rest of an additive breakdown). */
export const viewCategorySchema = z.object({
  /** A chart data key: s0, s1, ... or other. Never a dimension value, which may contain dots. */
  key: z.string(),
  label: z.string(),
  kind: z.enum(["total", "value", "other"]),
  /** The dimension value it reads, as stored; null for the total and for "Other". */
  dimensionValue: z.string().nullable(),
});
export type ViewCategory = z.infer<typeof viewCategorySchema>;

const valuesSchema = z.record(z.string(), z.number().nullable());
/** The run that wrote each stored value, by category key; "other" has none, being computed here. */
const runIdsSchema = z.record(z.string(), z.string());

export const metricViewRowSchema = z.object({
  /** Start of the bucket, YYYY-MM-DD (UTC). */
  period: day,
  values: valuesSchema,
  runIds: runIdsSchema,
  /** The data ends before this bucket does: its value covers only part of it. */
  partial: z.boolean(),
  /** The aligned period of the comparison series and its values, when a comparison is shown. */
  comparison: z.object({ period: day, values: valuesSchema, runIds: runIdsSchema }).optional(),
});
export type MetricViewRow = z.infer<typeof metricViewRowSchema>;

export const metricViewDataSchema = z.object({
  metric: z.object({
    key: z.string(),
    name: z.string(),
    kind: z.string(),
    unit: unitSchema,
    currency: z.string().optional(),
    direction: directionSchema,
    grains: z.array(grainSchema),
    dimensions: z.array(z.string()),
    /** Values of different dimension values add up to the total (sum and count aggregates). */
    additive: z.boolean(),
  }),
  /** The view as applied: what was asked, minus what this metric cannot show (see `warnings`). */
  view: metricViewSchema,
  /** Parts of the asked view that were ignored, and why. */
  warnings: z.array(z.string()),
  range: z.object({
    preset: z.union([rangePresetSchema, z.literal("custom")]),
    label: z.string(),
    /** First day of the first bucket shown. */
    from: day,
    /** Last day asked for; the last bucket may extend beyond it. */
    to: day,
  }),
  /** The grain drawn: the one asked for, or a coarser one when that would draw too many points. */
  grain: grainSchema,
  /** Why the chart differs from what was asked: a coarser grain or downsampling. */
  note: z.string().nullable(),
  /** Set when the rows were downsampled: `drawn` of `total` periods are shown. */
  downsampled: z.object({ drawn: z.number().int(), total: z.number().int() }).nullable(),
  categories: z.array(viewCategorySchema),
  rows: z.array(metricViewRowSchema),
  comparison: z
    .object({
      kind: comparisonSchema.exclude(["none"]),
      /** "previous period", "same period last year" */
      label: z.string(),
      from: day,
      to: day,
    })
    .nullable(),
  filter: z.object({ dimension: z.string(), value: z.string() }).nullable(),
  breakdown: z
    .object({
      dimension: z.string(),
      top: z.number().int(),
      /** Distinct values of the dimension with data in the range. */
      valueCount: z.number().int(),
      /** Why some values are not drawn, when they are not. */
      note: z.string().nullable(),
    })
    .nullable(),
  /** Breakdown series are stacked (area and bar charts of additive metrics only). */
  stacked: z.boolean(),
  /** The metric's whole total series: first and last period with data at its finest grain. */
  dataFrom: day.nullable(),
  dataThrough: day.nullable(),
  lastRun: lastRunSchema.nullable(),
  /** Failed and warning quality checks of this metric's latest run and of the metrics it reads. */
  qualityIssues: z.array(qualityIssueSchema),
  /** Periods in the range marked on the chart, with why. */
  marks: z.array(chartMarkSchema),
});
export type MetricViewData = z.infer<typeof metricViewDataSchema>;

/** The values each dimension of a metric has in its stored data, by dimension, sorted. */
export const dimensionValuesSchema = z.record(z.string(), z.array(z.string()));
export type DimensionValues = z.infer<typeof dimensionValuesSchema>;
