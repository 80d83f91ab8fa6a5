// A quality check's stored result, as the lineage API and charts read it. Pure.
import { z } from "zod";

export const checkStatusSchema = z.enum(["pass", "fail", "warn", "not_applicable"]);
export type CheckStatus = z.infer<typeof checkStatusSchema>;

export const qualityCheckSchema = z.object({
  id: z.string(),
  runId: z.string().optional(),
  nodeKind: z.enum(["table", "rollup"]),
  nodeName: z.string(),
  check: z.enum(["freshness", "row_count", "null_keys", "duplicate_keys", "reconciliation"]),
  status: checkStatusSchema,
  column: z.string().nullable(),
  expected: z.string().nullable(),
  actual: z.string().nullable(),
  message: z.string(),
  detail: z.record(z.string(), z.unknown()),
  checkedAt: z.string(),
});
export type QualityCheck = z.infer<typeof qualityCheckSchema>;
export type NewQualityCheck = Omit<QualityCheck, "id" | "checkedAt" | "runId">;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Days with duplicated keys, as found by the duplicate-key query: [{ day, rows }]. */
export function describeDuplicates(table: string, key: readonly string[], days: readonly { day: string; rows: number }[]): string {
  if (days.length === 0) return `no duplicate ${key.join(", ")} in ${table}`;
  const total = days.reduce((s, d) => s + d.rows, 0);
  const shown = days.slice(0, 5).map((d) => `${d.day} (${plural(d.rows, "extra row")})`);
  return `${plural(total, "duplicate row")} by ${key.join(", ")} in ${table}, on ${shown.join(", ")}${days.length > 5 ? ` and ${days.length - 5} more day(s)` : ""}`;
}

/** Sums compare with a relative tolerance; counts must be equal. */
export function reconciles(raw: number | null, rollup: number | null, exact: boolean): boolean {
  if (raw === null || rollup === null) return raw === rollup;
  if (exact) return raw === rollup;
  const scale = Math.max(Math.abs(raw), Math.abs(rollup), 1e-300);
  return Math.abs(raw - rollup) / scale <= 1e-9;
}
