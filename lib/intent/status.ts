// Whether a metric is on track: its latest complete value against its target
// and bands, read in the metric's direction. Pure.
import { z } from "zod";
import { bandsSchema, directionSchema, grainSchema, targetSchema, type Bands, type Direction, type Grain, type Target } from "@/lib/metrics/definition-schema";
import { formatValue } from "@/lib/metrics/format";
import { addDays, addPeriods } from "@/lib/metrics/periods";
import { GRAIN_NOUNS, isoDaySchema, percentText, periodPhrase, valueFormatSchema } from "./words";

export const STATUSES = ["on_track", "at_risk", "off_track", "no_target", "no_data"] as const;
export const statusSchema = z.enum(STATUSES);
export type Status = z.infer<typeof statusSchema>;

/** Words and an icon for every status, so colour is never the only signal. Icon names follow lucide's set; the UI maps them to its glyphs. */
export const STATUS_PRESENTATION: Record<Status, { label: string; icon: string }> = {
  on_track: { label: "On track", icon: "circle-check" },
  at_risk: { label: "At risk", icon: "triangle-alert" },
  off_track: { label: "Off track", icon: "circle-x" },
  no_target: { label: "No target", icon: "circle-dashed" },
  no_data: { label: "No data", icon: "circle-help" },
};

export const statusInputSchema = z.object({
  /** The metric's display name, e.g. "Revenue". */
  name: z.string().min(1),
  format: valueFormatSchema,
  direction: directionSchema,
  target: targetSchema.optional(),
  bands: bandsSchema.optional(),
  grain: grainSchema,
  /** Start of the period judged: the latest complete one. */
  period: isoDaySchema,
  value: z.number().nullable(),
  /** The period before, for a growth target. */
  previousValue: z.number().nullable().default(null),
});
export type StatusInput = z.input<typeof statusInputSchema>;

export const resolvedTargetSchema = z.object({
  value: z.number(),
  source: z.enum(["grain", "all_grains", "growth"]),
  /** For a growth target: the rate at this grain (compounded from the declared one). */
  rate: z.number().nullable(),
});
export type ResolvedTarget = z.infer<typeof resolvedTargetSchema>;

export const metricStatusSchema = z.object({
  status: statusSchema,
  label: z.string(),
  icon: z.string(),
  target: resolvedTargetSchema.nullable(),
  /** Value over target minus 1: -0.06 is 6% below the target. */
  gap: z.number().nullable(),
  /** The lines in the metric's unit where at risk and off track begin. */
  thresholds: z.object({ atRisk: z.number(), offTrack: z.number() }).nullable(),
  sentence: z.string(),
});
export type MetricStatus = z.infer<typeof metricStatusSchema>;

// Mean calendar lengths in days (Gregorian year / 12 and / 4), to carry a growth rate between grains.
const GRAIN_DAYS: Record<Grain, number> = { day: 1, week: 7, month: 365.2425 / 12, quarter: 365.2425 / 4 };

/**
 * Bands used when a metric has a target but declares none: within 5% of the
 * target is on track, beyond 15% off track.
 */
export function defaultBands(direction: Exclude<Direction, "neutral">): Bands {
  return direction === "higher_is_better" ? { type: "relative", at_risk: 0.95, off_track: 0.85 } : { type: "relative", at_risk: 1.05, off_track: 1.15 };
}

/**
 * The target at `grain`: the grain's own value, else all_grains, else the
 * growth rate applied to the previous period (compounded to this grain's
 * length when the rate is declared per another grain). Null when none applies.
 */
export function resolveTarget(target: Target | undefined, grain: Grain, previousValue: number | null): ResolvedTarget | null {
  if (!target) return null;
  const own = target[grain];
  if (own !== undefined) return { value: own, source: "grain", rate: null };
  if (target.all_grains !== undefined) return { value: target.all_grains, source: "all_grains", rate: null };
  if (target.growth && previousValue !== null && Number.isFinite(previousValue)) {
    const rate = (1 + target.growth.rate) ** (GRAIN_DAYS[grain] / GRAIN_DAYS[target.growth.per]) - 1;
    return { value: previousValue * (1 + rate), source: "growth", rate };
  }
  return null;
}

function thresholdsOf(bands: Bands, target: number | null): { atRisk: number; offTrack: number } | null {
  if (bands.type === "absolute") return { atRisk: bands.at_risk, offTrack: bands.off_track };
  return target === null ? null : { atRisk: bands.at_risk * target, offTrack: bands.off_track * target };
}

/** The status of one value. A value exactly on a line gets the better side. */
export function metricStatus(raw: StatusInput): MetricStatus {
  const input = statusInputSchema.parse(raw);
  const { name, format, direction, grain, period, value } = input;
  const when = periodPhrase(period, grain);
  const fmt = (v: number) => formatValue(v, format);
  const result = (status: Status, rest: Omit<MetricStatus, "status" | "label" | "icon">): MetricStatus => ({ status, ...STATUS_PRESENTATION[status], ...rest });

  if (direction === "neutral" || (!input.target && !input.bands)) {
    const why = direction === "neutral" ? "neither higher nor lower is better" : "none is declared";
    return result("no_target", { target: null, gap: null, thresholds: null, sentence: `${name} has no target: ${why}.` });
  }
  const target = resolveTarget(input.target, grain, input.previousValue);
  if (value === null || !Number.isFinite(value)) {
    return result("no_data", { target, gap: null, thresholds: null, sentence: `${name} has no value ${when}.` });
  }
  const bands = input.bands ?? defaultBands(direction);
  const thresholds = thresholdsOf(bands, target?.value ?? null);
  if (!thresholds) {
    const why = input.target?.growth && input.previousValue === null ? `its growth target needs the previous ${GRAIN_NOUNS[grain]}'s value` : `it declares none for the ${GRAIN_NOUNS[grain]}`;
    return result("no_target", { target: null, gap: null, thresholds: null, sentence: `${name} has no target ${when}: ${why}.` });
  }

  const higher = direction === "higher_is_better";
  const worseThan = (line: number) => (higher ? value < line : value > line);
  const status: Status = worseThan(thresholds.offTrack) ? "off_track" : worseThan(thresholds.atRisk) ? "at_risk" : "on_track";
  const gap = target && target.value !== 0 ? value / target.value - 1 : null;

  let sentence: string;
  if (target) {
    const growth = target.source === "growth" && input.target?.growth ? ` (${percentText(input.target.growth.rate)} growth per ${GRAIN_NOUNS[input.target.growth.per]})` : "";
    const side = value === target.value ? "on" : gap === null ? (value > target.value ? "above" : "below") : `${percentText(gap)} ${value > target.value ? "above" : "below"}`;
    sentence = `${name} ${when}: ${fmt(value)}, ${side} the ${fmt(target.value)} target${growth}.`;
  } else {
    sentence = `${name} ${when}: ${fmt(value)}.`;
  }
  // Relative bands follow from the gap; absolute lines need naming.
  if (bands.type === "absolute") {
    const line = status === "off_track" ? thresholds.offTrack : thresholds.atRisk;
    const lineName = status === "off_track" ? "off-track" : "at-risk";
    const beyond = status === "on_track" ? (higher ? "above" : "below") : higher ? "below" : "above";
    sentence = sentence.slice(0, -1) + `, ${beyond} the ${fmt(line)} ${lineName} line.`;
  }
  return result(status, { target, gap, thresholds, sentence });
}

/**
 * The last period whose whole span is covered by the data: a bucket counts
 * once its last day is on or before `dataThrough` (the last day with data).
 */
export function latestCompletePeriod<P extends { period: string }>(points: readonly P[], grain: Grain, dataThrough: string): P | null {
  let latest: P | null = null;
  for (const point of points) {
    const lastDay = addDays(addPeriods(point.period, grain, 1), -1);
    if (lastDay <= dataThrough && (latest === null || point.period > latest.period)) latest = point;
  }
  return latest;
}
