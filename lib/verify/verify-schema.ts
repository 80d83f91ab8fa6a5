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

/** What a differing input of a composed metric says about itself. */
export interface InputMismatch {
  key: string;
  stored: number | null;
  recomputed: number | null;
  /** The input's own reason. */
  reason: string;
}

export interface MismatchContext {
  kind: MetricDefinition["kind"];
  runVersionId: string | null;
  currentVersionId: string;
  /** Source rows the point read at its run, when stored (aggregate points). */
  storedRows: number | null;
  /** Source rows it reads now. */
  recomputedRows: number | null;
  /** Source rows the whole run read (its recorded input row count) and the same count now, for sourced metrics. */
  source?: { table: string; atRun: number | null; now: number };
  /** Composed metrics: the first input whose stored point differs from its recomputation. */
  input?: InputMismatch;
  /** Composed metrics whose inputs all match: the inputs, and the value their stored points give now. */
  inputs?: { keys: string[]; fromStored: number | null };
}

/** A value short enough for a sentence. */
export const formatValue = (v: number | null) => (v === null ? "no value" : String(Number(v.toPrecision(10))));

/** Why a stored and a recomputed value differ, most decisive cause first. */
export function mismatchReason(c: MismatchContext): string {
  if (c.runVersionId !== null && c.runVersionId !== c.currentVersionId) return `definition changed since the run (version ${c.runVersionId} -> ${c.currentVersionId})`;
  if (c.input) return `input metric ${c.input.key} differs (stored ${formatValue(c.input.stored)}, now ${formatValue(c.input.recomputed)}): ${c.input.reason}`;
  if (c.inputs)
    return `every input (${c.inputs.keys.join(", ")}) matches its recomputation, and their stored points give ${formatValue(c.inputs.fromStored)}: the inputs were rewritten after this point's run; rerun the metric`;
  if (c.storedRows !== null && c.recomputedRows !== null && c.storedRows !== c.recomputedRows)
    return `source rows changed after the run: ${c.recomputedRows} rows now vs ${c.storedRows} at the run`;
  const perPoint = c.storedRows !== null;
  const notRecorded = `source row counts per point are not recorded for ${c.kind.replace("_", " ")} metrics`;
  if (!perPoint && c.source && c.source.atRun !== null && c.source.atRun !== c.source.now)
    return `source rows changed after the run: ${c.source.table} has ${c.source.now} rows the metric reads now vs ${c.source.atRun} at the run (${notRecorded})`;
  if (perPoint) return `unexplained difference: the definition and the point's source row count (${c.storedRows}) are unchanged, so a source row was edited in place or the computation differs`;
  const same = c.source && c.source.atRun !== null ? `, and ${c.source.table} has as many rows the metric reads as at the run (${c.source.now})` : "";
  return `unexplained difference: ${notRecorded}; the definition is unchanged${same}`;
}
