// Recompute-and-verify: request and result shapes and the comparison rules. Pure.
import { z } from "zod";
import { grainSchema, type MetricDefinition } from "@/lib/metrics/definition-schema";
import { isIsoDay } from "@/lib/metrics/periods";

const isoDay = z.string().refine(isIsoDay, "must be a real date as YYYY-MM-DD");

/** POST /api/metrics/{key}/verify. dimension and value name a slice; both or neither. */
export const verifyPointBodySchema = z
  .strictObject({
    period: isoDay,
    grain: grainSchema,
    dimension: z.string().min(1).max(63).optional(),
    value: z.string().max(500).optional(),
  })
  .refine((b) => (b.dimension === undefined) === (b.value === undefined), { message: "give both dimension and value, or neither", path: ["value"] });
export type VerifyPointBody = z.infer<typeof verifyPointBodySchema>;

export const toleranceSchema = z.enum(["exact", "relative 1e-9"]);
export type Tolerance = z.infer<typeof toleranceSchema>;

export const verifyPointResultSchema = z.object({
  metric: z.string(),
  grain: grainSchema,
  period: z.string(),
  dimension: z.string(),
  value: z.string(),
  stored: z.number().nullable(),
  recomputed: z.number().nullable(),
  match: z.boolean(),
  tolerance: toleranceSchema,
  runId: z.string(),
  reason: z.string().optional(),
});
export type VerifyPointResult = z.infer<typeof verifyPointResultSchema>;

const RELATIVE = 1e-9;

/** Exact for counts of rows or keys; relative 1e-9 for sums, averages, extremes and combinations. */
export function toleranceOf(d: MetricDefinition): Tolerance {
  if (d.kind === "rolling_distinct") return "exact";
  if ((d.kind === "aggregate" || d.kind === "cumulative") && (d.aggregate.fn === "count" || d.aggregate.fn === "count_distinct")) return "exact";
  return "relative 1e-9";
}

export function valuesMatch(stored: number | null, recomputed: number | null, tolerance: Tolerance): boolean {
  if (stored === null || recomputed === null) return stored === recomputed;
  if (tolerance === "exact") return stored === recomputed;
  if (stored === recomputed) return true;
  return Math.abs(stored - recomputed) <= RELATIVE * Math.max(Math.abs(stored), Math.abs(recomputed));
}

export interface MismatchContext {
  runVersionId: string | null;
  currentVersionId: string;
  /** Source rows the point read at its run, when stored. */
  storedRows: number | null;
  /** Source rows it reads now. */
  recomputedRows: number | null;
}

/** Why a stored and a recomputed value differ, most decisive cause first. */
export function mismatchReason(c: MismatchContext): string {
  if (c.runVersionId !== null && c.runVersionId !== c.currentVersionId) return `definition changed since the run (version ${c.runVersionId} -> ${c.currentVersionId})`;
  if (c.storedRows !== null && c.recomputedRows !== null && c.storedRows !== c.recomputedRows)
    return `source rows changed after the run: ${c.recomputedRows} rows now vs ${c.storedRows} at the run`;
  return "unexplained difference";
}
