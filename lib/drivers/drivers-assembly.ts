// Turns a metric's stored values at two periods into what drove its change,
// per dimension, with the decomposition its kind allows. Pure.
import type { Grain, MetricDefinition, Unit } from "@/lib/metrics/definition-schema";
import { formatChange, formatPeriod, formatValue } from "@/lib/metrics/format";
import { addPeriods, bucketStart } from "@/lib/metrics/periods";
import { percentText, periodPhrase } from "@/lib/intent/words";
import { decomposeAdditive, decomposeRatio } from "./decompose";
import type { DimensionDrivers, DriverMethod, DriversSelection, MetricDrivers } from "./drivers-schema";

type Definition = Pick<MetricDefinition, "kind"> & { aggregate?: { fn: string }; numerator?: string; denominator?: string };

const ownMethod = (d: Definition): DriverMethod => {
  if (d.kind === "rolling_distinct") return "distinct";
  if (d.kind === "aggregate" || d.kind === "cumulative") {
    const fn = d.aggregate?.fn;
    if (fn === "sum" || fn === "count") return "additive";
    if (fn === "count_distinct") return "distinct";
  }
  return "own_change";
};

/**
 * How a metric's change can be split by dimension value. A ratio splits into
 * mix and rate only when both its inputs add up across values.
 */
export function driverMethodOf(definition: Definition, inputOf: (key: string) => Definition | undefined): DriverMethod {
  if (definition.kind === "ratio" && definition.numerator && definition.denominator) {
    const n = inputOf(definition.numerator);
    const d = inputOf(definition.denominator);
    return n && d && ownMethod(n) === "additive" && ownMethod(d) === "additive" ? "ratio" : "own_change";
  }
  return ownMethod(definition);
}

/**
 * The two periods to compare: the selection's, each moved to the start of its
 * bucket, or by default the latest complete period and the one before. A
 * selection outside [first, last] or not in order is replaced, with a warning.
 */
export function resolveDriverPeriods(
  grain: Grain,
  selection: Pick<DriversSelection, "from" | "to">,
  bounds: { first: string | null; last: string | null },
): { previousPeriod: string; currentPeriod: string; warnings: string[] } | null {
  const { first, last } = bounds;
  // Two complete periods at least: the compared one needs one before it.
  if (first === null || last === null || first >= last) return null;
  const warnings: string[] = [];
  const range = `${formatPeriod(first, grain)} to ${formatPeriod(last, grain)}`;
  let current = last;
  if (selection.to !== undefined) {
    const to = bucketStart(selection.to, grain);
    if (to > first && to <= last) current = to;
    else warnings.push(`The period compared (${formatPeriod(to, grain)}) is not within the complete data after its first ${grain}, ${range}; comparing ${formatPeriod(current, grain)}.`);
  }
  let previous = addPeriods(current, grain, -1);
  if (selection.from !== undefined) {
    const from = bucketStart(selection.from, grain);
    if (from >= first && from < current) previous = from;
    else warnings.push(`The period compared from (${formatPeriod(from, grain)}) is not a complete ${grain} before ${formatPeriod(current, grain)}; comparing with the ${grain} before.`);
  }
  return { previousPeriod: previous, currentPeriod: current, warnings };
}

export interface StoredDriverRow {
  metricKey: string;
  period: string;
  dimension: string;
  dimensionValue: string;
  value: number | null;
}

export interface AssembleDriversInput {
  metric: { key: string; name: string; unit: Unit; currency?: string; direction: MetricDrivers["direction"]; numerator?: string; denominator?: string };
  method: DriverMethod;
  grain: Grain;
  previousPeriod: string;
  currentPeriod: string;
  dimensions: readonly string[];
  /** The metric's own values (total and per dimension value) at both periods, and its inputs' for a ratio. */
  rows: readonly StoredDriverRow[];
  bounds: MetricDrivers["bounds"];
  warnings?: readonly string[];
}

/** A change of a percentage in points: 0.0012 -> "+0.12 pts". */
export function pointsText(change: number): string {
  const text = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(Math.abs(change * 100));
  return `${change > 0 && text !== "0.00" ? "+" : change < 0 && text !== "0.00" ? "-" : ""}${text} pts`;
}

/** A ratio's effect in its unit: points for a percentage, else signed. */
export function formatEffect(change: number, format: { unit: Unit; currency?: string }): string {
  if (format.unit === "percent") return pointsText(change);
  return `${change > 0 ? "+" : ""}${formatValue(change, format)}`;
}

const OVER: Record<Grain, string> = { day: "day over day", week: "week over week", month: "month over month", quarter: "quarter over quarter" };

/** The decomposition of one metric's change at two periods, per dimension. */
export function assembleMetricDrivers(input: AssembleDriversInput): MetricDrivers {
  const { metric, method, grain, previousPeriod, currentPeriod } = input;
  const format = { unit: metric.unit, ...(metric.currency ? { currency: metric.currency } : {}) };
  const valueOf = (key: string, period: string, dimension: string, value: string) =>
    input.rows.find((r) => r.metricKey === key && r.period === period && r.dimension === dimension && r.dimensionValue === value)?.value ?? null;
  const partsOf = (key: string, period: string, dimension: string) =>
    input.rows.filter((r) => r.metricKey === key && r.period === period && r.dimension === dimension && r.value !== null && Number.isFinite(r.value));

  const previous = valueOf(metric.key, previousPeriod, "", "");
  const current = valueOf(metric.key, currentPeriod, "", "");
  const change = previous === null || current === null ? null : current - previous;
  const relative = change === null || previous === 0 || previous === null ? null : change / Math.abs(previous);
  const over = addPeriods(previousPeriod, grain, 1) === currentPeriod ? OVER[grain] : `vs ${formatPeriod(previousPeriod, grain)}`;
  const base = {
    metric: metric.key,
    name: metric.name,
    unit: metric.unit,
    ...(metric.currency ? { currency: metric.currency } : {}),
    direction: metric.direction,
    grain,
    previousPeriod,
    currentPeriod,
    method,
    ratio: method === "ratio" && metric.numerator && metric.denominator ? { numerator: metric.numerator, denominator: metric.denominator } : null,
    total: { previous, current, change, relative },
    bounds: input.bounds,
    warnings: [...(input.warnings ?? [])],
  };
  if (previous === null || current === null) {
    const missing = periodPhrase(previous === null ? previousPeriod : currentPeriod, grain);
    return { ...base, sentence: `${metric.name} has no value ${missing}, so there is no change to explain.`, top: null, note: null, dimensions: [] };
  }

  const common = { name: metric.name, format, direction: metric.direction, grain, previousPeriod, currentPeriod };
  const dimensions: DimensionDrivers[] = [];
  for (const dimension of input.dimensions) {
    if (method === "ratio" && metric.numerator && metric.denominator) {
      const { numerator, denominator } = metric;
      const parts = (period: string) => {
        const n = new Map(partsOf(numerator, period, dimension).map((r) => [r.dimensionValue, r.value ?? 0]));
        const d = new Map(partsOf(denominator, period, dimension).map((r) => [r.dimensionValue, r.value ?? 0]));
        return [...new Set([...n.keys(), ...d.keys()])]
          .map((value) => ({ value, numerator: n.get(value) ?? 0, denominator: Math.max(0, d.get(value) ?? 0) }))
          .filter((p) => p.denominator > 0 || p.numerator === 0);
      };
      const before = parts(previousPeriod);
      const after = parts(currentPeriod);
      if (before.length === 0 && after.length === 0) continue;
      dimensions.push({ kind: "ratio", dimension, decomposition: decomposeRatio({ ...common, dimension, previous: before, current: after }) });
      continue;
    }
    const amounts = (period: string) => partsOf(metric.key, period, dimension).map((r) => ({ value: r.dimensionValue, amount: r.value ?? 0 }));
    const before = amounts(previousPeriod);
    const after = amounts(currentPeriod);
    if (before.length === 0 && after.length === 0) continue;
    const decomposition = decomposeAdditive({ ...common, dimension, previous: before, current: after, previousTotal: previous, currentTotal: current, additive: method === "additive" });
    if (method === "own_change") {
      // Shares of a sum of averages mean nothing: each value shows only its own change.
      const movers = decomposition.contributions.filter((c) => c.delta !== 0 && c.relative !== null).slice(0, 2);
      const head = `${metric.name} ${relative === null ? "changed" : formatChange(relative)} ${over}`;
      const sentence = movers.length ? `${head}; largest ${dimension} moves: ${movers.map((m) => `${m.value} ${formatChange(m.relative)}`).join(", ")}.` : `${head}.`;
      dimensions.push({
        kind: "additive",
        dimension,
        decomposition: { ...decomposition, contributions: decomposition.contributions.map((c) => ({ ...c, share: null })), note: null, sentence },
      });
    } else {
      dimensions.push({ kind: "additive", dimension, decomposition });
    }
  }

  // The headline: the one value, in any dimension, that explains the largest part of the change.
  const points = (d: number) => formatEffect(d, format);
  let top: MetricDrivers["top"] = null;
  let lead = "";
  for (const d of dimensions) {
    for (const c of d.decomposition.contributions) {
      if (c.share === null || c.share <= 0 || (top !== null && c.share <= top.share)) continue;
      top = { dimension: d.dimension, value: c.value, share: c.share };
      lead =
        d.kind === "ratio" && "rateEffect" in c
          ? `${c.value} explains ${percentText(c.share)} (rate effect ${points(c.rateEffect)}, mix effect ${points(c.mixEffect)})`
          : "delta" in c
            ? `${c.value} ${c.relative === null ? "from 0" : formatChange(c.relative)} explains ${percentText(c.share)}`
            : "";
    }
  }
  const moved = method === "ratio" && metric.unit === "percent" ? pointsText(current - previous) : relative === null ? "changed" : formatChange(relative);
  const head = `${metric.name} ${moved} ${over}`;
  const sentence = top ? `${head}: ${lead}.` : (dimensions[0]?.decomposition.sentence ?? `${head}.`);

  let note: string | null = null;
  if (method === "ratio") {
    note = `A rate's change splits into a rate effect (a value's own rate moved) and a mix effect (its share of ${metric.denominator ?? "the denominator"} moved); for each value the two add up to its part of the change.`;
  } else if (method === "own_change") {
    note = `${metric.name} is an average, an extreme or an expression of other metrics: its values by dimension neither add up to the total nor weigh into it, so each row shows only that value's own change.`;
  } else if (method === "distinct") {
    note = `${metric.name} counts distinct users, and one user can count under several values, so the parts do not sum to the total change.`;
  }
  return { ...base, sentence, top, note, dimensions };
}
