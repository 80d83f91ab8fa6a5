// Drill-through from a stored point to its source rows: query and response shapes. Pure.
import { z } from "zod";
import { grainSchema } from "@/lib/metrics/definition-schema";
import { isIsoDay } from "@/lib/metrics/periods";

/** GET /api/metrics/{key}/points/rows (and rows.csv). */
export const pointRowsQuerySchema = z
  .strictObject({
    grain: grainSchema,
    period: z.string().refine(isIsoDay, "must be a real date as YYYY-MM-DD"),
    dimension: z.string().min(1).max(63).optional(),
    value: z.string().max(500).optional(),
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(1000).default(50),
    sort: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be a column name").max(63).optional(),
    order: z.enum(["asc", "desc"]).default("asc"),
    format: z.enum(["json", "csv"]).default("json"),
  })
  .refine((q) => (q.dimension === undefined) === (q.value === undefined), { message: "give both dimension and value, or neither", path: ["value"] });
export type PointRowsQuery = z.infer<typeof pointRowsQuerySchema>;

export const cellSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export type Cell = z.infer<typeof cellSchema>;

export const pointRowsSchema = z.object({
  metric: z.string(),
  grain: grainSchema,
  period: z.string(),
  dimension: z.string(),
  value: z.string(),
  /** The stored point: its value and the run that wrote it. */
  point: z.object({ value: z.number().nullable(), runId: z.string() }),
  table: z.string(),
  columns: z.array(z.string()),
  rows: z.array(z.array(cellSchema)),
  /** Sensitive columns whose cells hold MASKED_CELL for this viewer. */
  masked: z.array(z.string()),
  /** Every source row behind the point, not only this page. */
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
  sort: z.string(),
  order: z.enum(["asc", "desc"]),
});
export type PointRows = z.infer<typeof pointRowsSchema>;

/** What a masked sensitive cell holds instead of its value. */
export const MASKED_CELL = "•••• (masked)";

/** A database value as a JSON cell: instants as ISO strings, big integers as strings. */
export function toCell(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString();
  if (typeof v === "bigint") return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") return v;
  return JSON.stringify(v);
}
