// What drove a change between two periods: each dimension value's part in it,
// largest movers first. Pure.
//
// Additive metrics (sums, counts): a value's part is its own change, and the
// parts add up to the total change. Distinct counts (buyers, DAU/MAU) do not
// add: a user active in two countries counts once in the total and once in
// each country. For those the parts are still each value's own change, but
// "explains X%" is X% of the sum of the values' changes, not of the total
// change, and the result says so (`additive: false` and a note) rather than
// inventing a reconciliation the data cannot support.
//
// Ratio metrics (numerator / denominator by value): the total rate is the
// denominator-weighted mean of the values' rates, R = sum(w_i * r_i), and its
// change splits per value into a rate effect (the value's own rate moved) and
// a mix effect (the value's share of the denominator moved), with midpoint
// weights so the two add up exactly to the change, value by value:
//   w1*r1 - w0*r0 = mean(w0, w1) * (r1 - r0)  +  mean(r0, r1) * (w1 - w0).
// A value absent in one period (denominator 0) has no rate there; it takes the
// other period's rate, so its whole part is mix.
import { z } from "zod";
import { directionSchema, grainSchema, type Grain } from "@/lib/metrics/definition-schema";
import { formatChange, formatPeriod, formatValue } from "@/lib/metrics/format";
import { addPeriods } from "@/lib/metrics/periods";
import { isoDaySchema, percentText, periodPhrase, valueFormatSchema } from "@/lib/intent/words";

const NONE = "(none)";

const common = {
  name: z.string().min(1),
  format: valueFormatSchema,
  direction: directionSchema.default("neutral"),
  /** The dimension, e.g. "country", for the sentence. */
  dimension: z.string().min(1),
  grain: grainSchema,
  previousPeriod: isoDaySchema,
  currentPeriod: isoDaySchema,
};

export const additiveDecomposeInputSchema = z.object({
  ...common,
  /** Amounts by dimension value; a value missing from one period is 0 there. */
  previous: z.array(z.object({ value: z.string(), amount: z.number() })),
  current: z.array(z.object({ value: z.string(), amount: z.number() })),
  /** The metric's own totals; required for non-additive metrics, whose values do not sum to them. */
  previousTotal: z.number().optional(),
  currentTotal: z.number().optional(),
  /** False for distinct counts and other metrics whose values do not sum to the total. */
  additive: z.boolean().default(true),
});
export type AdditiveDecomposeInput = z.input<typeof additiveDecomposeInputSchema>;

export const contributionSchema = z.object({
  value: z.string(),
  previous: z.number(),
  current: z.number(),
  delta: z.number(),
  /** The value's own relative change; null from 0. */
  relative: z.number().nullable(),
  /** delta over the change it explains (total, or sum of deltas when not additive); negative when it offsets. */
  share: z.number().nullable(),
});
export type Contribution = z.infer<typeof contributionSchema>;

export const additiveDecompositionSchema = z.object({
  previousTotal: z.number(),
  currentTotal: z.number(),
  change: z.number(),
  relative: z.number().nullable(),
  /** Sum of the values' changes: equals `change` when additive and the values cover the total. */
  sumOfDeltas: z.number(),
  additive: z.boolean(),
  /** Largest |delta| first. */
  contributions: z.array(contributionSchema),
  note: z.string().nullable(),
  sentence: z.string(),
});
export type AdditiveDecomposition = z.infer<typeof additiveDecompositionSchema>;

const OVER: Record<Grain, string> = { day: "day over day", week: "week over week", month: "month over month", quarter: "quarter over quarter" };

function comparisonPhrase(grain: Grain, previous: string, current: string): string {
  return addPeriods(previous, grain, 1) === current ? OVER[grain] : `vs ${formatPeriod(previous, grain)}`;
}

/** Relative change, or null from 0. */
const relativeOf = (before: number, after: number) => (before === 0 ? null : (after - before) / Math.abs(before));

/** A value's part in words: "KR -9.8% explains 71%", "JP +3.0% offsets 12%". */
function moverPhrase(c: { value: string; relative: number | null; delta: number; share: number | null }, fmtDelta: (d: number) => string): string {
  const own = c.relative === null ? `${fmtDelta(c.delta)} from 0` : formatChange(c.relative);
  if (c.share === null) return `${c.value} ${own}`;
  return `${c.value} ${own} ${c.share >= 0 ? "explains" : "offsets"} ${percentText(c.share)}`;
}

function signed(format: z.infer<typeof valueFormatSchema>) {
  return (d: number) => `${d > 0 ? "+" : ""}${formatValue(d, format)}`;
}

export function decomposeAdditive(raw: AdditiveDecomposeInput): AdditiveDecomposition {
  const input = additiveDecomposeInputSchema.parse(raw);
  const before = new Map<string, number>();
  const after = new Map<string, number>();
  for (const p of input.previous) before.set(p.value || NONE, (before.get(p.value || NONE) ?? 0) + p.amount);
  for (const p of input.current) after.set(p.value || NONE, (after.get(p.value || NONE) ?? 0) + p.amount);
  const values = [...new Set([...before.keys(), ...after.keys()])];
  const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  if (!input.additive && (input.previousTotal === undefined || input.currentTotal === undefined)) {
    throw new Error("previousTotal and currentTotal are required when the metric is not additive: its values do not sum to the total");
  }
  const previousTotal = input.previousTotal ?? sum(before);
  const currentTotal = input.currentTotal ?? sum(after);
  const change = currentTotal - previousTotal;
  const deltas = values.map((value) => {
    const p = before.get(value) ?? 0;
    const c = after.get(value) ?? 0;
    return { value, previous: p, current: c, delta: c - p, relative: relativeOf(p, c) };
  });
  const sumOfDeltas = deltas.reduce((a, d) => a + d.delta, 0);
  const explained = input.additive ? change : sumOfDeltas;
  const contributions = deltas
    .map((d) => ({ ...d, share: explained === 0 ? null : d.delta / explained }))
    .sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta) || a.value.localeCompare(b.value));

  const fmtDelta = signed(input.format);
  const tolerance = 1e-9 * Math.max(1, Math.abs(previousTotal), Math.abs(currentTotal));
  let note: string | null = null;
  if (!input.additive) {
    note = `${input.name} is not additive across ${input.dimension} values (one user can count under several), so the values' changes sum to ${fmtDelta(sumOfDeltas)}, not the total change of ${fmtDelta(change)}; shares are of that sum.`;
  } else if (Math.abs(sumOfDeltas - change) > tolerance) {
    note = `The ${input.dimension} values' changes sum to ${fmtDelta(sumOfDeltas)} of the total change of ${fmtDelta(change)}; the rest falls outside the values listed.`;
  }

  const relative = relativeOf(previousTotal, currentTotal);
  const head = `${input.name} ${relative === null ? fmtDelta(change) : formatChange(relative)} ${comparisonPhrase(input.grain, input.previousPeriod, input.currentPeriod)}`;
  const movers = contributions.filter((c) => c.delta !== 0).slice(0, 2);
  const sentence = change === 0 && sumOfDeltas === 0 ? `${head}: no ${input.dimension} value moved.` : movers.length ? `${head}: ${movers.map((m) => moverPhrase(m, fmtDelta)).join(", ")}.` : `${head}.`;
  return { previousTotal, currentTotal, change, relative, sumOfDeltas, additive: input.additive, contributions, note, sentence };
}

const ratioPart = z
  .object({ value: z.string(), numerator: z.number(), denominator: z.number().nonnegative() })
  // Its numerator would count in the total rate with no weight to carry it, and the parts would not add up.
  .refine((p) => p.denominator > 0 || p.numerator === 0, { message: "has a numerator but a denominator of 0", path: ["numerator"] });

export const ratioDecomposeInputSchema = z.object({
  ...common,
  previous: z.array(ratioPart),
  current: z.array(ratioPart),
});
export type RatioDecomposeInput = z.input<typeof ratioDecomposeInputSchema>;

export const ratioContributionSchema = z.object({
  value: z.string(),
  previousRate: z.number().nullable(),
  currentRate: z.number().nullable(),
  /** Share of the denominator. */
  previousWeight: z.number(),
  currentWeight: z.number(),
  rateEffect: z.number(),
  mixEffect: z.number(),
  /** rateEffect + mixEffect: the value's part in the change of the total rate. */
  effect: z.number(),
  share: z.number().nullable(),
});
export type RatioContribution = z.infer<typeof ratioContributionSchema>;

export const ratioDecompositionSchema = z.object({
  previousRate: z.number().nullable(),
  currentRate: z.number().nullable(),
  change: z.number().nullable(),
  rateEffect: z.number(),
  mixEffect: z.number(),
  /** Largest |effect| first. */
  contributions: z.array(ratioContributionSchema),
  sentence: z.string(),
});
export type RatioDecomposition = z.infer<typeof ratioDecompositionSchema>;

/** "-0.20 pts" for percent metrics (stored as fractions), else the unit's own format. */
function rateDelta(format: z.infer<typeof valueFormatSchema>) {
  return (d: number) =>
    format.unit === "percent" ? `${d > 0 ? "+" : d < 0 ? "-" : ""}${new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(Math.abs(d * 100))} pts` : signed(format)(d);
}

export function decomposeRatio(raw: RatioDecomposeInput): RatioDecomposition {
  const input = ratioDecomposeInputSchema.parse(raw);
  const collect = (parts: z.infer<typeof ratioPart>[]) => {
    const m = new Map<string, { n: number; d: number }>();
    for (const p of parts) {
      const key = p.value || NONE;
      const prev = m.get(key) ?? { n: 0, d: 0 };
      m.set(key, { n: prev.n + p.numerator, d: prev.d + p.denominator });
    }
    return m;
  };
  const before = collect(input.previous);
  const after = collect(input.current);
  const totals = (m: Map<string, { n: number; d: number }>) => [...m.values()].reduce((a, b) => ({ n: a.n + b.n, d: a.d + b.d }), { n: 0, d: 0 });
  const t0 = totals(before);
  const t1 = totals(after);
  const previousRate = t0.d === 0 ? null : t0.n / t0.d;
  const currentRate = t1.d === 0 ? null : t1.n / t1.d;
  const change = previousRate === null || currentRate === null ? null : currentRate - previousRate;

  const values = [...new Set([...before.keys(), ...after.keys()])];
  const contributions = values
    .map((value) => {
      const b = before.get(value) ?? { n: 0, d: 0 };
      const a = after.get(value) ?? { n: 0, d: 0 };
      const r0 = b.d === 0 ? null : b.n / b.d;
      const r1 = a.d === 0 ? null : a.n / a.d;
      const w0 = t0.d === 0 ? 0 : b.d / t0.d;
      const w1 = t1.d === 0 ? 0 : a.d / t1.d;
      // Without a rate in one period, the other period's stands in: no rate change, all mix.
      const rate0 = r0 ?? r1 ?? 0;
      const rate1 = r1 ?? r0 ?? 0;
      const rateEffect = change === null ? 0 : ((w0 + w1) / 2) * (rate1 - rate0);
      const mixEffect = change === null ? 0 : ((rate0 + rate1) / 2) * (w1 - w0);
      const effect = rateEffect + mixEffect;
      return { value, previousRate: r0, currentRate: r1, previousWeight: w0, currentWeight: w1, rateEffect, mixEffect, effect, share: change ? effect / change : null };
    })
    .sort((x, y) => Math.abs(y.effect) - Math.abs(x.effect) || x.value.localeCompare(y.value));
  const rateEffect = contributions.reduce((s, c) => s + c.rateEffect, 0);
  const mixEffect = contributions.reduce((s, c) => s + c.mixEffect, 0);

  const fmt = rateDelta(input.format);
  const over = comparisonPhrase(input.grain, input.previousPeriod, input.currentPeriod);
  let sentence: string;
  if (change === null) {
    sentence = `${input.name} has no rate ${periodPhrase(previousRate === null ? input.previousPeriod : input.currentPeriod, input.grain)}: its denominator is 0.`;
  } else if (change === 0) {
    sentence = `${input.name} unchanged ${over}.`;
  } else {
    const top = contributions[0];
    const lead = top && top.share !== null ? `; ${top.value} ${top.share >= 0 ? "explains" : "offsets"} ${percentText(top.share)} (rate ${fmt(top.rateEffect)}, mix ${fmt(top.mixEffect)})` : "";
    sentence = `${input.name} ${fmt(change)} ${over}: rate effect ${fmt(rateEffect)}, mix effect ${fmt(mixEffect)}${lead}.`;
  }
  return { previousRate, currentRate, change, rateEffect, mixEffect, contributions, sentence };
}
