// The executive brief: for each headline metric, plain sentences, each linking
// to the chart that proves it. Pure: the only source of these types, and the
// response of GET /api/brief.
import { z } from "zod";
import { grainSchema } from "@/lib/metrics/definition-schema";
import { statusSchema } from "@/lib/intent/status";
import { isoDaySchema } from "@/lib/intent/words";

export const BRIEF_SENTENCE_KINDS = ["value", "change", "year", "status", "anomaly", "driver"] as const;

export const briefSentenceSchema = z.object({
  /** value: the number; change: vs previous period; year: vs the same period last year; status: vs target; anomaly: an unusual day; driver: what moved it. */
  kind: z.enum(BRIEF_SENTENCE_KINDS),
  text: z.string(),
  /** The page that proves it: a chart of the periods named, or the drivers of the change. */
  href: z.string(),
  /** better / worse (or up / down for a neutral metric) when the sentence judges a change. */
  meaning: z.enum(["better", "worse", "unchanged", "up", "down"]).nullable(),
});
export type BriefSentence = z.infer<typeof briefSentenceSchema>;

export const briefMetricSchema = z.object({
  key: z.string(),
  name: z.string(),
  status: statusSchema,
  statusLabel: z.string(),
  grain: grainSchema,
  /** Start of the period reported: the latest complete one. */
  period: isoDaySchema.nullable(),
  value: z.number().nullable(),
  /** The value in the metric's unit, as written in the sentences. */
  valueText: z.string(),
  sentences: z.array(briefSentenceSchema),
  /** The latest flagged day of the daily series within the last year, if any. */
  anomaly: z.object({ period: isoDaySchema, direction: z.enum(["spike", "dip"]), recent: z.boolean() }).nullable(),
  /** The dimension value explaining most of the change, if one does. */
  driver: z.object({ dimension: z.string(), value: z.string(), share: z.number() }).nullable(),
});
export type BriefMetric = z.infer<typeof briefMetricSchema>;

export const executiveBriefSchema = z.object({
  /** The latest day with data across the headline metrics. */
  asOf: isoDaySchema.nullable(),
  /** Off track first, then at risk, on track, without target, without data. */
  metrics: z.array(briefMetricSchema),
});
export type ExecutiveBrief = z.infer<typeof executiveBriefSchema>;
