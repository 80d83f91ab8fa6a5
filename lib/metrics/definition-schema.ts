// Metric definitions as written in metrics/*.yaml. Pure: no database, no I/O.
import { z } from "zod";
import { GRAINS } from "./grains";

export { GRAINS, type Grain } from "./grains";
export const grainSchema = z.enum(GRAINS);

const identifier = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be a plain SQL identifier (letters, digits, underscore; not starting with a digit)")
  .max(63, "must be at most 63 characters (PostgreSQL's identifier limit)");

export const metricKeySchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/, "must be lower_snake_case, starting with a letter")
  .max(63);

export const AGGREGATE_FUNCTIONS = ["sum", "count", "count_distinct", "avg", "min", "max"] as const;

const filterValue = z.union([z.string(), z.number(), z.boolean()]);

export const filterSchema = z.discriminatedUnion("op", [
  z.strictObject({ column: identifier, op: z.enum(["eq", "neq", "gt", "gte", "lt", "lte"]), value: filterValue }),
  z.strictObject({ column: identifier, op: z.enum(["in", "not_in"]), value: z.array(filterValue).min(1) }),
  z.strictObject({ column: identifier, op: z.enum(["is_null", "not_null"]) }),
]);
export type MetricFilter = z.infer<typeof filterSchema>;

export const aggregationSchema = z
  .strictObject({
    fn: z.enum(AGGREGATE_FUNCTIONS),
    column: identifier.optional(),
  })
  .refine((a) => a.fn === "count" || a.column !== undefined, {
    message: "needs a column for every function but count",
    path: ["column"],
  });
export type Aggregation = z.infer<typeof aggregationSchema>;

export const unitSchema = z.enum(["count", "currency", "percent", "ratio", "users", "number", "seconds"]);
export type Unit = z.infer<typeof unitSchema>;

export const directionSchema = z.enum(["higher_is_better", "lower_is_better", "neutral"]);

const common = {
  key: metricKeySchema,
  name: z.string().min(1).max(120),
  description: z.string().min(1),
  unit: unitSchema,
  currency: z.string().regex(/^[A-Z]{3}$/, "must be an ISO 4217 code such as USD").optional(),
  owner: z.string().min(1),
  tags: z.array(z.string().min(1)).default([]),
  synonyms: z.array(z.string().min(1)).default([]),
  direction: directionSchema.default("neutral"),
  grains: z.array(grainSchema).min(1).default([...GRAINS]),
  /** Headline metrics lead the home page. */
  headline: z.boolean().default(false),
};

const sourced = {
  table: identifier,
  time_column: identifier,
  dimensions: z.array(identifier).default([]),
  filters: z.array(filterSchema).default([]),
};

export const aggregateMetricSchema = z.strictObject({
  ...common,
  ...sourced,
  kind: z.literal("aggregate"),
  aggregate: aggregationSchema,
});

/** Distinct values of `column` active in the trailing `window_days` days, at every day. */
export const rollingDistinctMetricSchema = z.strictObject({
  ...common,
  ...sourced,
  kind: z.literal("rolling_distinct"),
  column: identifier,
  window_days: z.number().int().min(1).max(366),
});

/** Running total from the first day of data. */
export const cumulativeMetricSchema = z.strictObject({
  ...common,
  ...sourced,
  kind: z.literal("cumulative"),
  aggregate: z
    .strictObject({ fn: z.enum(["sum", "count", "count_distinct"]), column: identifier.optional() })
    .refine((a) => a.fn === "count" || a.column !== undefined, {
      message: "needs a column for sum and count_distinct",
      path: ["column"],
    }),
});

export const ratioMetricSchema = z.strictObject({
  ...common,
  kind: z.literal("ratio"),
  numerator: metricKeySchema,
  denominator: metricKeySchema,
  /** Defaults to the dimensions both inputs share. */
  dimensions: z.array(identifier).optional(),
});

export const derivedMetricSchema = z.strictObject({
  ...common,
  kind: z.literal("derived"),
  /** Arithmetic over other metrics' keys and numbers: + - * / and parentheses. */
  expression: z.string().min(1).max(500),
  dimensions: z.array(identifier).optional(),
});

export const metricDefinitionSchema = z.discriminatedUnion("kind", [
  aggregateMetricSchema,
  rollingDistinctMetricSchema,
  cumulativeMetricSchema,
  ratioMetricSchema,
  derivedMetricSchema,
]);

export type MetricDefinition = z.infer<typeof metricDefinitionSchema>;
export type MetricKind = MetricDefinition["kind"];
export type SourcedMetricDefinition = Extract<MetricDefinition, { table: string }>;
export type ComposedMetricDefinition = Extract<MetricDefinition, { kind: "ratio" | "derived" }>;

/** The fields every kind has: checked on their own when the kind itself is wrong. */
export const commonFieldsSchema = z.looseObject(common);

export const isSourced = (d: MetricDefinition): d is SourcedMetricDefinition =>
  d.kind === "aggregate" || d.kind === "rolling_distinct" || d.kind === "cumulative";
