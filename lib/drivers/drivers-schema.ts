// What drove a metric's change between two periods, as the metric page and
// the brief show it. Pure: the only source of these types.
import { z } from "zod";
import { directionSchema, grainSchema, unitSchema } from "@/lib/metrics/definition-schema";
import { isoDaySchema } from "@/lib/intent/words";
import { additiveDecompositionSchema, ratioDecompositionSchema } from "./decompose";

/**
 * additive: sums and counts, whose values add up to the total;
 * distinct: distinct counts, whose values overlap;
 * ratio: numerator over denominator, split into mix and rate;
 * own_change: averages, extremes and expressions, whose values neither add up nor weigh into the total.
 */
export const driverMethodSchema = z.enum(["additive", "distinct", "ratio", "own_change"]);
export type DriverMethod = z.infer<typeof driverMethodSchema>;

export const dimensionDriversSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("additive"), dimension: z.string(), decomposition: additiveDecompositionSchema }),
  z.object({ kind: z.literal("ratio"), dimension: z.string(), decomposition: ratioDecompositionSchema }),
]);
export type DimensionDrivers = z.infer<typeof dimensionDriversSchema>;

export const topDriverSchema = z.object({
  dimension: z.string(),
  value: z.string(),
  /** Its part of the change: 0.71 explains 71%, negative offsets. */
  share: z.number(),
});

export const metricDriversSchema = z.object({
  metric: z.string(),
  name: z.string(),
  unit: unitSchema,
  currency: z.string().optional(),
  direction: directionSchema,
  grain: grainSchema,
  /** Start of the period compared from, and of the one compared. */
  previousPeriod: isoDaySchema,
  currentPeriod: isoDaySchema,
  method: driverMethodSchema,
  /** A ratio's inputs, by key: its parts' weights are shares of the denominator. */
  ratio: z.object({ numerator: z.string(), denominator: z.string() }).nullable(),
  total: z.object({ previous: z.number().nullable(), current: z.number().nullable(), change: z.number().nullable(), relative: z.number().nullable() }),
  /** "Orders -4.1% week over week: KR -9.8% explains 71%, …", from the dimension whose top value explains most. */
  sentence: z.string(),
  top: topDriverSchema.nullable(),
  /** Why the parts do or do not add up, for the method as a whole. */
  note: z.string().nullable(),
  /** One per dimension of the metric, in the metric's order. */
  dimensions: z.array(dimensionDriversSchema),
  /** The complete periods one can pick at `grain`: first and last start. */
  bounds: z.object({ first: isoDaySchema.nullable(), last: isoDaySchema.nullable() }),
  /** What was asked for and not done, e.g. a period outside the data. */
  warnings: z.array(z.string()),
});
export type MetricDrivers = z.infer<typeof metricDriversSchema>;

/** The two periods compared, as the metric page's URL carries them. */
export const driversSelectionSchema = z.object({
  grain: grainSchema.optional(),
  from: isoDaySchema.optional(),
  to: isoDaySchema.optional(),
});
export type DriversSelection = z.infer<typeof driversSelectionSchema>;
