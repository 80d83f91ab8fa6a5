// Changes labelled by meaning: better or worse in the metric's direction, and
// usual or unusual against the series' own recent changes. Pure.
//
// Usual or unusual: a robust z-score of the relative change against the
// median and MAD of the same comparison's recent changes; |z| > 3 is unusual.
// Chosen over a 5th-95th percentile band because with the 8-30 changes a
// series offers, percentiles rest on one or two points and flag a tenth of
// perfectly ordinary changes by construction, while median and MAD shrug off
// the odd outage already in the history and flag about 0.3% of normal noise.
import { z } from "zod";
import { directionSchema, grainSchema, type Direction, type Grain } from "@/lib/metrics/definition-schema";
import { formatChange, formatValue } from "@/lib/metrics/format";
import { median, scaledMad } from "./robust-stats";
import { GRAIN_NOUNS, valueFormatSchema } from "./words";

/** |robust z| beyond this is unusual. */
export const UNUSUAL_Z = 3;
/** Fewer past changes than this say nothing about what is usual. */
export const MIN_HISTORY = 8;
/**
 * Smallest spread of relative changes, 0.5 percentage points: a series that
 * barely moves would otherwise call any wiggle unusual.
 */
export const SPREAD_FLOOR = 0.005;
/** A change that prints as 0.0% is no change. */
export const UNCHANGED_BELOW = 0.0005;
/** Past changes considered per grain: about two months of days, half a year of weeks, a year of months, two years of quarters. */
export const RECENT_CHANGES: Record<Grain, number> = { day: 56, week: 26, month: 12, quarter: 8 };
/** Periods between a period and the same period a year earlier (364 days and 52 weeks keep weekdays aligned). */
export const YEAR_LAG: Record<Grain, number> = { day: 364, week: 52, month: 12, quarter: 4 };

export const comparisonSchema = z.enum(["previous", "year_ago", "target"]);
export type Comparison = z.infer<typeof comparisonSchema>;

export const movementSchema = z.enum(["up", "down", "flat"]);
export const meaningSchema = z.enum(["better", "worse", "unchanged", "up", "down"]);
export type Meaning = z.infer<typeof meaningSchema>;
/** For neutral metrics higher / lower than usual, otherwise better / worse than usual. */
export const usualnessSchema = z.enum(["usual", "better_than_usual", "worse_than_usual", "higher_than_usual", "lower_than_usual"]);
export type Usualness = z.infer<typeof usualnessSchema>;

export const deltaInputSchema = z.object({
  name: z.string().min(1),
  format: valueFormatSchema,
  direction: directionSchema,
  grain: grainSchema,
  comparison: comparisonSchema,
  current: z.number().nullable(),
  base: z.number().nullable(),
  /** Past relative changes of the same comparison, oldest first. */
  history: z.array(z.number()).default([]),
});
export type DeltaInput = z.input<typeof deltaInputSchema>;

export const deltaSchema = z.object({
  comparison: comparisonSchema,
  base: z.number().nullable(),
  /** current - base, in the metric's unit. */
  change: z.number().nullable(),
  /** (current - base) / |base|; null when base is 0 or missing. */
  relative: z.number().nullable(),
  movement: movementSchema.nullable(),
  meaning: meaningSchema.nullable(),
  /** Null when there is too little history to know. */
  usualness: usualnessSchema.nullable(),
  /** Robust z-score of `relative` against the history. */
  z: z.number().nullable(),
  sentence: z.string(),
});
export type Delta = z.infer<typeof deltaSchema>;

/** Robust z of `x` against `history`, or null with fewer than MIN_HISTORY values. */
export function robustZ(x: number, history: readonly number[]): number | null {
  const past = history.filter(Number.isFinite);
  if (past.length < MIN_HISTORY) return null;
  const center = median(past);
  const spread = Math.max(scaledMad(past, center), SPREAD_FLOOR);
  return (x - center) / spread;
}

export function meaningOf(direction: Direction, relativeOrChange: number): Meaning {
  if (Math.abs(relativeOrChange) < UNCHANGED_BELOW) return "unchanged";
  const up = relativeOrChange > 0;
  if (direction === "neutral") return up ? "up" : "down";
  return up === (direction === "higher_is_better") ? "better" : "worse";
}

function usualnessOf(direction: Direction, z: number | null): Usualness | null {
  if (z === null) return null;
  if (Math.abs(z) <= UNUSUAL_Z) return "usual";
  if (direction === "neutral") return z > 0 ? "higher_than_usual" : "lower_than_usual";
  return z > 0 === (direction === "higher_is_better") ? "better_than_usual" : "worse_than_usual";
}

function comparisonLabel(comparison: Comparison, grain: Grain): string {
  if (comparison === "previous") return `previous ${GRAIN_NOUNS[grain]}`;
  if (comparison === "year_ago") return `same ${GRAIN_NOUNS[grain]} last year`;
  return "target";
}

function judgement(meaning: Meaning, usualness: Usualness | null): string {
  switch (usualness) {
    case null:
      return meaning;
    case "usual":
      return `${meaning}, within the usual range`;
    case "higher_than_usual":
    case "lower_than_usual":
      return `${meaning}, unusually ${usualness === "higher_than_usual" ? "high" : "low"}`;
    // Unusual against this series' own recent changes: a gain smaller than the usual gains is "better, but less than usual".
    case "better_than_usual":
      return meaning === "better" ? "better than usual" : meaning === "worse" ? "worse, but by less than usual" : `${meaning}, where it usually gets worse`;
    case "worse_than_usual":
      return meaning === "worse" ? "worse than usual" : meaning === "better" ? "better, but by less than usual" : `${meaning}, where it usually gets better`;
  }
}

/** One change, labelled: "Revenue -8.2% vs previous week: worse than usual". */
export function labelDelta(raw: DeltaInput): Delta {
  const input = deltaInputSchema.parse(raw);
  const { current, base, direction } = input;
  const label = comparisonLabel(input.comparison, input.grain);
  if (current === null || base === null || !Number.isFinite(current) || !Number.isFinite(base)) {
    const missing = current === null || !Number.isFinite(current) ? "this period" : `the ${label}`;
    return { comparison: input.comparison, base, change: null, relative: null, movement: null, meaning: null, usualness: null, z: null, sentence: `${input.name}: no change to show, ${missing} has no value.` };
  }
  const change = current - base;
  const relative = base === 0 ? null : change / Math.abs(base);
  const meaning = meaningOf(direction, relative ?? (change === 0 ? 0 : change));
  const movement = meaning === "unchanged" ? "flat" : change > 0 ? "up" : "down";
  const z = relative === null ? null : robustZ(relative, input.history);
  const usualness = usualnessOf(direction, z);
  const amount = relative === null ? `${change > 0 ? "+" : ""}${formatValue(change, input.format)} from 0` : formatChange(relative);
  return { comparison: input.comparison, base, change, relative, movement, meaning, usualness, z, sentence: `${input.name} ${amount} vs ${label}: ${judgement(meaning, usualness)}.` };
}

/**
 * Relative changes between each value and the one `lag` places before it,
 * skipping pairs with a missing or zero base. `values` is a chronological
 * series with one entry per period (null for a missing period).
 */
export function changesAtLag(values: readonly (number | null)[], lag: number): number[] {
  const changes: number[] = [];
  for (let i = lag; i < values.length; i++) {
    const now = values[i];
    const before = values[i - lag];
    if (now === null || now === undefined || before === null || before === undefined || before === 0) continue;
    changes.push((now - before) / Math.abs(before));
  }
  return changes;
}

export const seriesDeltasInputSchema = z.object({
  name: z.string().min(1),
  format: valueFormatSchema,
  direction: directionSchema,
  grain: grainSchema,
  /** One value per period, oldest first, ending with the period judged. */
  values: z.array(z.number().nullable()).min(1),
  /** The target for the last period, when there is one. */
  target: z.number().nullable().default(null),
});
export type SeriesDeltasInput = z.input<typeof seriesDeltasInputSchema>;

/**
 * The last period's change vs the previous period, the same period last year
 * and the target, each judged against the recent history of its own kind of
 * change (none for the target: a target has no history).
 */
export function labelSeriesDeltas(raw: SeriesDeltasInput): Delta[] {
  const input = seriesDeltasInputSchema.parse(raw);
  const { values, grain } = input;
  const last = values.length - 1;
  const current = values[last] ?? null;
  const past = values.slice(0, last);
  const common = { name: input.name, format: input.format, direction: input.direction, grain, current };
  const recent = (lag: number) => changesAtLag(past, lag).slice(-RECENT_CHANGES[grain]);
  return [
    labelDelta({ ...common, comparison: "previous", base: values[last - 1] ?? null, history: recent(1) }),
    labelDelta({ ...common, comparison: "year_ago", base: values[last - YEAR_LAG[grain]] ?? null, history: recent(YEAR_LAG[grain]) }),
    labelDelta({ ...common, comparison: "target", base: input.target }),
  ];
}
