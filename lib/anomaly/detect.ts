// Anomalies in a series, aware of weekly seasonality. Pure.
//
// Each day is compared with the same weekday of the previous 8 weeks (other
// grains: the previous 8 periods): baseline = their median. The spread is
// 1.4826 * MAD (the standard deviation, were the noise normal) of the window's
// deviations from their own weekday's median, relative to that median, pooled
// over all seven weekdays, times the baseline. Pooling matters: the MAD of
// just 8 values is off by ~45% either way, and when it comes out small it
// raises false alarms. The day is flagged when |value - baseline| > K * spread.
// Median and MAD ignore one odd week in the window, so an outage does not hide
// the next one or flag the week after.
import { z } from "zod";
import { grainSchema, type Grain } from "@/lib/metrics/definition-schema";
import { formatValue } from "@/lib/metrics/format";
import { addDays, addPeriods } from "@/lib/metrics/periods";
import { median, scaledMad } from "@/lib/intent/robust-stats";
import { isoDaySchema, periodPhrase, valueFormatSchema } from "@/lib/intent/words";

/**
 * Flag beyond 4.5 spreads. Calibrated on the demo's two years of daily series:
 * at 4, the noisier low-volume ones (orders, about 50 a day, and revenue) flag
 * an ordinary day every month or two, since real noise has heavier tails than
 * normal; at 4.5 the planted events remain (the outage scores -5.8 on revenue,
 * its weakest) and, on orders, sessions, DAU and signups, nothing else is
 * flagged outside the launch's weeks; no ordinary weekend is flagged as a dip.
 */
export const K = 4.5;
/** Same-weekday values looked back over (8 weeks: long enough for a stable median, short enough to follow the trend). */
export const LOOKBACK = 8;
/** Fewer past values than this and the point is not judged: six weeks before a day can be flagged. */
export const MIN_HISTORY = 6;
/**
 * The spread is at least 5% of the baseline, so a series that barely moves
 * does not flag ordinary noise; for counts, at least the Poisson noise
 * sqrt(baseline) and at least 1 (one event more or less is never an anomaly).
 */
export const RELATIVE_SPREAD_FLOOR = 0.05;

export const anomalyInputSchema = z.object({
  name: z.string().min(1),
  format: valueFormatSchema,
  grain: grainSchema.default("day"),
  /** Chronological or not; one value per period, null when missing. */
  points: z.array(z.object({ period: isoDaySchema, value: z.number().nullable() })),
  /** Only flag points on or after this period (the baseline still reads earlier ones). */
  from: isoDaySchema.optional(),
});
export type AnomalyInput = z.input<typeof anomalyInputSchema>;

export const anomalySchema = z.object({
  period: isoDaySchema,
  value: z.number(),
  /** The baseline: median of the same weekday (or period) before. */
  expected: z.number(),
  /** Values between low and high are not flagged. */
  low: z.number(),
  high: z.number(),
  direction: z.enum(["spike", "dip"]),
  /** (value - expected) / spread: how many spreads away, signed. */
  score: z.number(),
  sentence: z.string(),
});
export type Anomaly = z.infer<typeof anomalySchema>;

const weekdayFormat = new Intl.DateTimeFormat("en-US", { timeZone: "UTC", weekday: "long" });
const dayWithWeekday = new Intl.DateTimeFormat("en-US", { timeZone: "UTC", weekday: "short", year: "numeric", month: "short", day: "numeric" });

type Baseline = { expected: number; spread: number; low: number; high: number };

/** The baseline from the values `o` periods back (o = 1 .. season * LOOKBACK). */
function baselineFrom(back: (o: number) => number | null | undefined, season: number, countLike: boolean): Baseline | null {
  // groups[o % season]: the window's values by weekday; groups[0] is this period's weekday.
  const groups: number[][] = Array.from({ length: season }, () => []);
  for (let o = 1; o <= season * LOOKBACK; o++) {
    const v = back(o);
    if (v !== null && v !== undefined && Number.isFinite(v)) groups[o % season]!.push(v);
  }
  const same = groups[0]!;
  if (same.length < MIN_HISTORY) return null;
  const expected = median(same);
  const deviations: number[] = [];
  for (const group of groups) {
    const center = median(group);
    if (center !== 0 && Number.isFinite(center)) deviations.push(...group.map((v) => (v - center) / Math.abs(center)));
  }
  const relativeSpread = deviations.length >= MIN_HISTORY ? scaledMad(deviations, 0) : 0;
  const spread = Math.max(relativeSpread * Math.abs(expected), RELATIVE_SPREAD_FLOOR * Math.abs(expected), countLike ? Math.max(1, Math.sqrt(Math.abs(expected))) : 0);
  // Nothing negative was ever seen, so the range does not dip below 0.
  const floor = same.every((v) => v >= 0) ? 0 : -Infinity;
  return { expected, spread, low: Math.max(floor, expected - K * spread), high: expected + K * spread };
}

/** The baseline of one period from the periods before it, or null without enough history. */
export function baselineOf(period: string, grain: Grain, valueAt: (period: string) => number | null | undefined, countLike: boolean): Baseline | null {
  const season = grain === "day" ? 7 : 1;
  return baselineFrom((o) => valueAt(grain === "day" ? addDays(period, -o) : addPeriods(period, grain, -o)), season, countLike);
}

const DAY_MS = 86_400_000;
const dayNumber = (period: string) => Date.parse(`${period}T00:00:00Z`) / DAY_MS;

/** The flagged points of a series, oldest first, each with the reason. */
export function detectAnomalies(raw: AnomalyInput): Anomaly[] {
  const input = anomalyInputSchema.parse(raw);
  const { grain, format, name } = input;
  const byPeriod = new Map(input.points.map((p) => [p.period, p.value]));
  // Daily series look back by day number in a dense array: string date arithmetic per look-back is the slow part.
  const first = input.points.reduce((min, p) => (p.period < min ? p.period : min), input.points[0]?.period ?? "");
  const origin = first ? dayNumber(first) : 0;
  const dense: (number | null)[] = [];
  if (grain === "day") for (const p of input.points) dense[dayNumber(p.period) - origin] = p.value;
  const countLike = format.unit === "count" || format.unit === "users";
  const fmt = (v: number) => formatValue(v, format);
  const flagged: Anomaly[] = [];
  for (const { period, value } of [...input.points].sort((a, b) => a.period.localeCompare(b.period))) {
    if (value === null || !Number.isFinite(value) || (input.from !== undefined && period < input.from)) continue;
    const at = grain === "day" ? dayNumber(period) - origin : 0;
    const base = grain === "day" ? baselineFrom((o) => dense[at - o], 7, countLike) : baselineOf(period, grain, (p) => byPeriod.get(p), countLike);
    if (!base || Math.abs(value - base.expected) <= K * base.spread) continue;
    const score = (value - base.expected) / base.spread;
    const direction = score > 0 ? "spike" : "dip";
    const when = grain === "day" ? `on ${dayWithWeekday.format(new Date(`${period}T00:00:00Z`))}` : periodPhrase(period, grain);
    const usual = grain === "day" ? ` for a ${weekdayFormat.format(new Date(`${period}T00:00:00Z`))}` : "";
    const far = Math.abs(score) > 2 * K ? "far " : "";
    flagged.push({
      period,
      value,
      expected: base.expected,
      low: base.low,
      high: base.high,
      direction,
      score,
      sentence: `${name} ${when}: ${fmt(value)}, ${far}${direction === "spike" ? "above" : "below"} the usual ${fmt(base.low)}–${fmt(base.high)}${usual}.`,
    });
  }
  return flagged;
}
