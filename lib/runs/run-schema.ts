// Pipeline runs as the API and pages show them. Pure.
import { z } from "zod";
import { qualityCheckSchema } from "@/lib/quality/check-schema";
import { metricKeySchema } from "@/lib/metrics/definition-schema";
import { runStatusSchema } from "@/lib/metrics/api-schema";

/** GET /api/runs. */
export const listRunsQuerySchema = z.strictObject({
  metric: metricKeySchema.optional(),
  status: runStatusSchema.optional(),
  /** A definition version id, `KEY@HASH12`: only the runs that computed with it. */
  definitionVersion: z.string().min(1).max(200).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});
export type ListRunsQuery = z.infer<typeof listRunsQuerySchema>;

export const runIdParamsSchema = z.object({ id: z.string().min(1).max(100) });

export const runSummarySchema = z.object({
  id: z.string(),
  metricKey: z.string(),
  status: runStatusSchema,
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  /** Milliseconds; null while running. */
  durationMs: z.number().nullable(),
  /** Rows read, summed over the run's inputs. */
  inputRows: z.number(),
  outputRows: z.number().nullable(),
  codeVersion: z.string().nullable(),
  definitionVersionId: z.string(),
});
export type RunSummary = z.infer<typeof runSummarySchema>;

export const runListSchema = z.object({
  runs: z.array(runSummarySchema),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
});
export type RunList = z.infer<typeof runListSchema>;

export const runDetailSchema = runSummarySchema.extend({
  /** Rows read per input: a table name, or `metric:KEY` for composed metrics. */
  inputRowCounts: z.record(z.string(), z.number()),
  sql: z.string(),
  error: z.string().nullable(),
  /** Points of the metric still stored from this run. */
  storedPoints: z.number(),
  /** Quality checks recorded with this run: its source tables' and its rollup's. */
  checks: z.array(qualityCheckSchema),
});
export type RunDetail = z.infer<typeof runDetailSchema>;

export function formatDuration(ms: number | null): string {
  if (ms === null) return "running";
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}
