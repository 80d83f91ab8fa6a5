// Metric definitions as written in metrics/*.yaml. Pure: no database, no I/O.
import { z } from "zod";
import { groupNameSchema } from "@/lib/auth/viewer-schema";
import { GRAINS } from "./grains";

import type { Grain } from "./grains";

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
export type Direction = z.infer<typeof directionSchema>;

// ------------------------------------------------------------------ intent
// What the metric is for: its target, the bands that say on track / at risk /
// off track, what to do when it moves, and when to alert.

const finite = z.number().refine(Number.isFinite, "must be a finite number");

/**
 * A target per grain (`week: 50000`), one for every grain (`all_grains: 0.032`,
 * for rates and averages), and/or a growth rate (`growth: { rate: 0.05, per: month }`:
 * 5% more than the previous month). An explicit value for a grain wins over
 * all_grains, which wins over growth.
 */
export const targetSchema = z
  .strictObject({
    day: finite.optional(),
    week: finite.optional(),
    month: finite.optional(),
    quarter: finite.optional(),
    all_grains: finite.optional(),
    growth: z
      .strictObject({
        /** A fraction: 0.05 is 5% per `per`; negative for a planned decline. */
        rate: finite.refine((r) => r > -1, "must be above -1 (a fall of 100% or more is not a rate)"),
        per: grainSchema,
      })
      .optional(),
  })
  .refine((t) => Object.values(t).some((v) => v !== undefined), "needs a value for at least one grain, all_grains or growth");
export type Target = z.infer<typeof targetSchema>;

/**
 * Where on track ends. `relative`: fractions of the target (higher is better:
 * at_risk 0.95 and off_track 0.85 mean below 95% of target is at risk, below 85%
 * off track; lower is better: 1.05 and 1.15). `absolute`: values in the metric's
 * unit, the same at every grain, so meant for rates and averages.
 */
export const bandsSchema = z.strictObject({
  type: z.enum(["relative", "absolute"]),
  at_risk: finite,
  off_track: finite,
});
export type Bands = z.infer<typeof bandsSchema>;

const httpUrl = z.url({ protocol: /^https?$/, error: "must be an http(s) URL such as https://wiki.example/page" });

/** What to do when the metric moves: what to check, whom to call, where to read. */
export const playbookSchema = z.strictObject({
  /** "If this drops, check ...", in the order to check them. */
  checks: z.array(z.string().min(1)).min(1),
  contact: z
    .strictObject({
      name: z.string().min(1),
      email: z.email("must be an email address").optional(),
      /** A chat channel or handle, e.g. #finance-oncall. */
      chat: z.string().min(1).optional(),
      phone: z.string().regex(/^\+?[0-9 ()-]{6,}$/, "must be a phone number such as +1 555 0100").optional(),
    })
    .refine((c) => c.email !== undefined || c.chat !== undefined || c.phone !== undefined, "needs an email, chat or phone to reach them")
    .optional(),
  links: z.array(z.strictObject({ title: z.string().min(1), url: httpUrl })).default([]),
});
export type Playbook = z.infer<typeof playbookSchema>;

/** Rules evaluated after each pipeline run on the latest complete period of `grain`. */
export const alertRuleSchema = z.discriminatedUnion("kind", [
  /** Fires when the value is above (or below) `value`, in the metric's unit. */
  z.strictObject({ kind: z.literal("threshold"), grain: grainSchema, op: z.enum(["above", "below"]), value: finite }),
  /** Fires when the status is `when` or worse (at_risk fires on off_track too). */
  z.strictObject({ kind: z.literal("misses_target"), grain: grainSchema, when: z.enum(["at_risk", "off_track"]).default("off_track") }),
  /** Fires when the anomaly detector flags the period. */
  z.strictObject({ kind: z.literal("anomaly"), grain: grainSchema }),
]);
export type AlertRule = z.infer<typeof alertRuleSchema>;

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
  target: targetSchema.optional(),
  bands: bandsSchema.optional(),
  playbook: playbookSchema.optional(),
  alerts: z.array(alertRuleSchema).default([]),
  /** Only members of these groups (and admins) see this metric and every metric computed from it. */
  access: z.strictObject({ groups: z.array(groupNameSchema).min(1, "must name at least one group") }).optional(),
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

export const metricDefinitionSchema = z
  .discriminatedUnion("kind", [aggregateMetricSchema, rollingDistinctMetricSchema, cumulativeMetricSchema, ratioMetricSchema, derivedMetricSchema])
  .superRefine((d, ctx) => {
    for (const issue of intentIssues(d)) ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
  });

export type MetricDefinition = z.infer<typeof metricDefinitionSchema>;
export type MetricKind = MetricDefinition["kind"];
export type SourcedMetricDefinition = Extract<MetricDefinition, { table: string }>;
export type ComposedMetricDefinition = Extract<MetricDefinition, { kind: "ratio" | "derived" }>;

/** The fields every kind has: checked on their own when the kind itself is wrong. */
export const commonFieldsSchema = z.looseObject(common);

export const isSourced = (d: MetricDefinition): d is SourcedMetricDefinition =>
  d.kind === "aggregate" || d.kind === "rolling_distinct" || d.kind === "cumulative";

type IntentFields = Pick<MetricDefinition, "direction" | "target" | "bands" | "alerts">;

/**
 * Checks the intent fields make sense together: a side to be on, bands in the
 * order the direction reads them, a target for relative bands. Grains named by
 * target and alerts are checked against the file's grains by the loader, since
 * stored definitions carry the compiler's (possibly fewer) grains.
 */
export function intentIssues(d: IntentFields): { path: (string | number)[]; message: string }[] {
  const issues: { path: (string | number)[]; message: string }[] = [];
  const { direction, target, bands } = d;
  if (direction === "neutral") {
    const why = "needs a direction: a neutral metric has no better side, so it cannot be on or off track";
    if (target) issues.push({ path: ["target"], message: why });
    if (bands) issues.push({ path: ["bands"], message: why });
  }
  if (bands && direction !== "neutral") {
    const higher = direction === "higher_is_better";
    if (bands.type === "relative") {
      if (!target) issues.push({ path: ["bands", "type"], message: "relative bands are fractions of the target, so the metric needs a target" });
      if (bands.at_risk <= 0 || bands.off_track <= 0) issues.push({ path: ["bands"], message: "relative bands are fractions of the target and must be above 0" });
      else if (higher && !(bands.off_track < bands.at_risk && bands.at_risk <= 1)) {
        issues.push({ path: ["bands", "off_track"], message: `for higher_is_better, relative bands need off_track < at_risk <= 1 (e.g. at_risk 0.95, off_track 0.85); got at_risk ${bands.at_risk}, off_track ${bands.off_track}` });
      } else if (!higher && !(1 <= bands.at_risk && bands.at_risk < bands.off_track)) {
        issues.push({ path: ["bands", "off_track"], message: `for lower_is_better, relative bands need 1 <= at_risk < off_track (e.g. at_risk 1.05, off_track 1.15); got at_risk ${bands.at_risk}, off_track ${bands.off_track}` });
      }
    } else if (higher ? !(bands.off_track < bands.at_risk) : !(bands.at_risk < bands.off_track)) {
      issues.push({
        path: ["bands", "off_track"],
        message: higher
          ? `for higher_is_better, off_track must be below at_risk (lower values are worse); got at_risk ${bands.at_risk}, off_track ${bands.off_track}`
          : `for lower_is_better, off_track must be above at_risk (higher values are worse); got at_risk ${bands.at_risk}, off_track ${bands.off_track}`,
      });
    } else if (target) {
      for (const key of [...GRAINS, "all_grains"] as const) {
        const value = target[key];
        if (value !== undefined && (higher ? bands.at_risk > value : bands.at_risk < value)) {
          issues.push({ path: ["bands", "at_risk"], message: `${bands.at_risk} is ${higher ? "above" : "below"} the ${key} target ${value}, so meeting the target would be at risk` });
        }
      }
    }
  }
  d.alerts.forEach((rule, i) => {
    if (rule.kind === "misses_target" && !target && bands?.type !== "absolute") {
      issues.push({ path: ["alerts", i, "kind"], message: "misses_target needs a target or absolute bands to miss" });
    }
  });
  return issues;
}

/** Grains named by target and alerts that the metric does not have. */
export function intentGrainIssues(d: MetricDefinition): { path: (string | number)[]; message: string }[] {
  const has = new Set(d.grains);
  const issues: { path: (string | number)[]; message: string }[] = [];
  const missing = (g: Grain) => `names grain '${g}', which the metric does not have (grains: ${d.grains.join(", ")})`;
  for (const g of GRAINS) if (d.target?.[g] !== undefined && !has.has(g)) issues.push({ path: ["target", g], message: missing(g) });
  d.alerts.forEach((rule, i) => {
    if (!has.has(rule.grain)) issues.push({ path: ["alerts", i, "grain"], message: missing(rule.grain) });
  });
  return issues;
}
