// Shapes of the HTTP API: query strings in, JSON out. Pure: shared by routes,
// server queries and components; the only source of these types.
import { z } from "zod";
import { directionSchema, grainSchema, metricKeySchema, unitSchema } from "./definition-schema";

export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date as YYYY-MM-DD")
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), "is not a real calendar date");

export const metricKeyParamSchema = metricKeySchema;

/** The path parameters of /api/metrics/{key}/... */
export const metricRouteParamsSchema = z.object({ key: metricKeyParamSchema });

/** The most periods a chart draws per series, so the most the series API returns. */
export const MAX_SERIES_POINTS = 1000;

/** GET /api/metrics/{key}/series. filter.DIMENSION=VALUE pairs arrive as `filters`. */
export const seriesQuerySchema = z
  .object({
    from: isoDate.optional(),
    to: isoDate.optional(),
    grain: grainSchema.default("day"),
    by: z.string().min(1).max(63).optional(),
    filters: z.record(z.string().min(1).max(63), z.string().max(500)).default({}),
    /** The most periods returned per series; more move to a coarser grain or are downsampled. */
    maxPoints: z.coerce.number().int().min(2).max(MAX_SERIES_POINTS).default(MAX_SERIES_POINTS),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: "must not be after `to`", path: ["from"] });
export type SeriesQuery = z.infer<typeof seriesQuerySchema>;

const SERIES_PARAMETERS: readonly string[] = ["from", "to", "grain", "by", "maxPoints"];
const FILTER_PREFIX = "filter.";

/** A query string as a record; a parameter given more than once arrives as an array. */
export function searchParamsToRecord(params: URLSearchParams): Record<string, string | string[]> {
  const record: Record<string, string | string[]> = {};
  for (const name of new Set(params.keys())) {
    const values = params.getAll(name);
    record[name] = values.length === 1 ? (values[0] ?? "") : values;
  }
  return record;
}

/**
 * The query string of GET /api/metrics/{key}/series, as a record of parameters:
 * from, to, grain, by and filter.DIMENSION=VALUE. Unknown or repeated parameters
 * are rejected; every issue's path is the one parameter at fault, as written.
 */
export const seriesSearchParamsSchema = z
  .record(z.string(), z.union([z.string(), z.array(z.string())]).optional())
  .transform((raw, ctx): SeriesQuery => {
    let valid = true;
    const fail = (parameter: string, message: string) => {
      valid = false;
      ctx.addIssue({ code: "custom", path: parameter ? [parameter] : [], message });
    };
    const candidate: Record<string, unknown> = {};
    const filters: Record<string, string> = {};
    for (const [name, value] of Object.entries(raw)) {
      if (value === undefined) continue;
      if (Array.isArray(value)) fail(name, "is given more than once; give it once");
      else if (SERIES_PARAMETERS.includes(name)) candidate[name] = value;
      else if (name.startsWith(FILTER_PREFIX) && name.length > FILTER_PREFIX.length) filters[name.slice(FILTER_PREFIX.length)] = value;
      else fail(name, "is not a parameter of this endpoint; use from, to, grain, by, maxPoints or filter.DIMENSION=VALUE");
    }
    const parsed = seriesQuerySchema.safeParse({ ...candidate, filters });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const [head, dimension] = issue.path;
        fail(head === "filters" && dimension !== undefined ? `${FILTER_PREFIX}${String(dimension)}` : String(head ?? ""), issue.message);
      }
    }
    return valid && parsed.success ? parsed.data : z.NEVER;
  });

export const seriesPointSchema = z.object({
  period: z.string(),
  value: z.number().nullable(),
  runId: z.string(),
  dimension: z.string().optional(),
});
export type SeriesPoint = z.infer<typeof seriesPointSchema>;

export const seriesResponseSchema = z.object({
  metric: z.string(),
  grain: grainSchema,
  /** The dimension the points are broken down by, when `by` was given. */
  by: z.string().optional(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  points: z.array(seriesPointSchema),
  /** The grain asked for; `grain` differs when that would return more than `maxPoints` periods. */
  requestedGrain: grainSchema,
  maxPoints: z.number().int(),
  /** Set when periods were dropped to fit `maxPoints` (largest-triangle-three-buckets on the total shape). */
  downsampled: z.object({ returned: z.number().int(), total: z.number().int() }).nullable(),
  /** Why the points differ from what was asked, in words; null when they do not. */
  note: z.string().nullable(),
});
export type SeriesResponse = z.infer<typeof seriesResponseSchema>;

export const runStatusSchema = z.enum(["running", "succeeded", "failed"]);

export const lastRunSchema = z.object({
  id: z.string(),
  status: runStatusSchema,
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  error: z.string().nullable(),
});

/** One entry of GET /api/metrics and the catalog page. */
export const catalogEntrySchema = z.object({
  key: z.string(),
  name: z.string(),
  description: z.string(),
  kind: z.string(),
  unit: unitSchema,
  currency: z.string().optional(),
  owner: z.string(),
  tags: z.array(z.string()),
  synonyms: z.array(z.string()),
  direction: directionSchema,
  headline: z.boolean(),
  grains: z.array(grainSchema),
  dimensions: z.array(z.string()),
  version: z.string(),
  /** Last period with data at day grain (or the finest grain), YYYY-MM-DD. */
  dataThrough: z.string().nullable(),
  lastRun: lastRunSchema.nullable(),
});
export type CatalogEntry = z.infer<typeof catalogEntrySchema>;

/** GET /api/metrics/{key}: the catalog entry plus the definition as written. */
export const metricDetailSchema = catalogEntrySchema.extend({
  definition: z.record(z.string(), z.unknown()),
  source: z.string(),
  filePath: z.string(),
  loadedAt: z.string(),
  formula: z.string(),
  sql: z.string().nullable(),
});
export type MetricDetail = z.infer<typeof metricDetailSchema>;

export const apiErrorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), parameter: z.string().optional() }),
});
export type ApiError = z.infer<typeof apiErrorSchema>;
