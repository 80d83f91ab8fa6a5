// A metric view's data as chart rows, a title, a one-sentence summary and CSV
// records: the same numbers in every form. Pure.
import { summarizeSeries } from "./chart-rows";
import { formatChange, formatPeriod, formatValue, GRAIN_PLURALS, relativeChange, type ValueFormat } from "./format";
import type { MetricViewData, MetricViewRow } from "./view-data-schema";

/** The category key of "Other": the total minus the values drawn. */
export const OTHER_KEY = "other";

export const viewFormat = (metric: MetricViewData["metric"]): ValueFormat => ({
  unit: metric.unit,
  ...(metric.currency ? { currency: metric.currency } : {}),
});

/** The data key of a category's comparison value in chart rows. */
export const comparisonKey = (key: string) => `${key}_cmp`;
/** The data key of the aligned comparison period in chart rows. */
export const COMPARISON_PERIOD_KEY = "comparisonPeriod";

export type ViewChartRow = Record<string, string | number | null>;

export interface ViewChartData {
  rows: ViewChartRow[];
  categories: string[];
  labels: Record<string, string>;
  /** Category key to the key of its comparison value; absent without a comparison. */
  comparisonKeys: Record<string, string> | undefined;
}

/** One flat row per period for the chart: `period`, a value per category and, with a comparison, `<key>_cmp` and `comparisonPeriod`. */
export function toViewChartData(data: MetricViewData): ViewChartData {
  const categories = data.categories.map((c) => c.key);
  const rows = data.rows.map((row) => {
    const flat: ViewChartRow = { period: row.period };
    for (const key of categories) flat[key] = row.values[key] ?? null;
    if (row.comparison) {
      flat[COMPARISON_PERIOD_KEY] = row.comparison.period;
      for (const key of categories) flat[comparisonKey(key)] = row.comparison.values[key] ?? null;
    }
    return flat;
  });
  return {
    rows,
    categories,
    labels: Object.fromEntries(data.categories.map((c) => [c.key, c.label])),
    comparisonKeys: data.comparison ? Object.fromEntries(categories.map((key) => [key, comparisonKey(key)])) : undefined,
  };
}

/** "Revenue by week", "Revenue by week and country", "Revenue by week, country DE". */
export function metricViewTitle(data: MetricViewData): string {
  const base = `${data.metric.name} by ${data.grain}`;
  if (data.breakdown) return `${base} and ${data.breakdown.dimension}`;
  if (data.filter) return `${base}, ${data.filter.dimension} ${data.filter.value || "(empty)"}`;
  return base;
}

/** "Jul 3, 2026 – Sep 30, 2026": the days a view asked for. */
export function formatRange(from: string, to: string): string {
  return from === to ? formatPeriod(from, "day") : `${formatPeriod(from, "day")} – ${formatPeriod(to, "day")}`;
}

const sum = (values: readonly (number | null | undefined)[]) => values.reduce<number>((a, v) => a + (v ?? 0), 0);

/** The latest complete row with both a value and a comparison value for `key`. */
function latestCompared(rows: readonly MetricViewRow[], key: string) {
  for (let i = rows.length - 1; i >= 0; i--) {
    const row = rows[i];
    const value = row?.values[key];
    const before = row?.comparison?.values[key];
    if (row && !row.partial && value !== null && value !== undefined && before !== null && before !== undefined && row.comparison) {
      return { row, value, before, comparisonPeriod: row.comparison.period };
    }
  }
  return null;
}

function comparisonClause(data: MetricViewData, format: ValueFormat): string {
  if (!data.comparison) return "";
  const v = (n: number) => formatValue(n, format);
  const label = data.comparison.label;
  if (data.breakdown) {
    if (!data.metric.additive) return "";
    const keys = data.categories.map((c) => c.key);
    const rows = data.rows.filter((r) => !r.partial && r.comparison);
    const now = sum(rows.flatMap((r) => keys.map((k) => r.values[k])));
    const before = sum(rows.flatMap((r) => keys.map((k) => r.comparison?.values[k])));
    const change = relativeChange(now, before);
    if (!rows.length) return "";
    const c = (n: number) => formatValue(n, format, "compact");
    return `; complete ${GRAIN_PLURALS[data.grain]} total ${c(now)} against ${c(before)} in the ${label}${change === null ? "" : ` (${formatChange(change)})`}`;
  }
  const latest = latestCompared(data.rows, "s0");
  if (!latest) return `; the ${label} has no data to compare`;
  const change = relativeChange(latest.value, latest.before);
  return (
    `; against the ${label}, ${formatPeriod(latest.row.period, data.grain)} ${v(latest.value)} vs ${v(latest.before)} ` +
    `(${formatPeriod(latest.comparisonPeriod, data.grain)})${change === null ? "" : `, ${formatChange(change)}`}`
  );
}

function breakdownClause(data: MetricViewData, format: ValueFormat): string {
  const v = (n: number) => formatValue(n, format, "compact");
  const complete = data.rows.filter((r) => !r.partial);
  const rows = complete.length ? complete : data.rows;
  if (data.metric.additive) {
    const totals = data.categories.map((c) => ({ c, total: sum(rows.map((r) => r.values[c.key])) }));
    const all = sum(totals.map((t) => t.total));
    const share = (n: number) => (all > 0 ? `, ${Math.round((n / all) * 100)}%` : "");
    const values = totals.filter((t) => t.c.kind !== "other").sort((a, b) => b.total - a.total);
    const other = totals.find((t) => t.c.kind === "other");
    const [first, ...rest] = values;
    if (!first) return "no values";
    let text = `largest ${first.c.label} (${v(first.total)} in total${share(first.total)})`;
    if (rest.length) text += `, then ${rest.map((t) => `${t.c.label} (${v(t.total)}${share(t.total)})`).join(", ")}`;
    if (other) text += `; Other (${v(other.total)}${share(other.total)})`;
    return text;
  }
  const means = data.categories
    .map((c) => {
      const values = rows.map((r) => r.values[c.key]).filter((x): x is number => x !== null && x !== undefined);
      return { c, mean: values.length ? sum(values) / values.length : null };
    })
    .filter((m): m is { c: (typeof data.categories)[number]; mean: number } => m.mean !== null)
    .sort((a, b) => b.mean - a.mean);
  const [first, ...rest] = means;
  if (!first) return "no values";
  return `highest on average ${first.c.label} (${v(first.mean)})${rest.length ? `, then ${rest.map((m) => `${m.c.label} (${v(m.mean)})`).join(", ")}` : ""}`;
}

/** One sentence saying what the chart shows, for screen readers and at a glance. */
export function summarizeMetricView(data: MetricViewData): string {
  const format = viewFormat(data.metric);
  const title = metricViewTitle(data);
  const withValues = data.rows.filter((r) => Object.values(r.values).some((v) => v !== null));
  if (withValues.length === 0) {
    return `${title} has no data from ${formatPeriod(data.range.from, "day")} to ${formatPeriod(data.range.to, "day")}.`;
  }
  if (!data.breakdown) {
    const points = data.rows.map((r) => ({ period: r.period, value: r.values.s0 ?? null, runId: r.runIds.s0 ?? "" }));
    const name = data.filter ? `${data.metric.name} (${data.filter.dimension} ${data.filter.value || "(empty)"})` : data.metric.name;
    const sentence = summarizeSeries(name, data.grain, points, format, data.dataThrough);
    return `${sentence.slice(0, -1)}${comparisonClause(data, format)}.`;
  }
  const first = data.rows[0];
  const last = data.rows.at(-1);
  const n = data.rows.length;
  const span = first && last ? (n === 1 ? `in ${formatPeriod(first.period, data.grain)}` : `from ${formatPeriod(first.period, data.grain)} to ${formatPeriod(last.period, data.grain)}`) : "";
  const count = `${n.toLocaleString("en-US")} ${n === 1 ? data.grain : GRAIN_PLURALS[data.grain]}`;
  return `${title}, ${count} ${span}: ${breakdownClause(data, format)}${comparisonClause(data, format)}.`;
}

const safe = (text: string) => text.replace(/[^A-Za-z0-9-]+/g, "-").replace(/^-+|-+$/g, "") || "empty";

/** "revenue_2026-07-03_2026-09-30_week_by-country_vs-previous", without extension. */
export function metricViewFileName(data: MetricViewData): string {
  const parts = [data.metric.key, data.range.from, data.range.to, data.grain];
  if (data.breakdown) parts.push(`by-${safe(data.breakdown.dimension)}`);
  if (data.filter) parts.push(`${safe(data.filter.dimension)}-${safe(data.filter.value)}`);
  if (data.comparison) parts.push(`vs-${data.comparison.kind}`);
  return parts.join("_");
}

/** What "Other" is called in a CSV's dimension column, apart from any stored value. */
export const CSV_OTHER = "(other)";

/**
 * The rows a chart shows as CSV records, header first, one record per period
 * and series: period, the dimension value (with a breakdown or filter), value
 * and run id, then the aligned comparison period, value and run id. Values are
 * as stored, unrounded; an empty cell is no value.
 */
export function metricViewCsvRecords(data: MetricViewData): string[][] {
  const dimension = data.breakdown?.dimension ?? data.filter?.dimension;
  const header = ["period", ...(dimension ? [dimension] : []), "value", "run_id"];
  if (data.comparison) header.push("comparison_period", "comparison_value", "comparison_run_id");
  const cell = (n: number | null | undefined) => (n === null || n === undefined ? "" : String(n));
  const records = [header];
  for (const row of data.rows) {
    for (const c of data.categories) {
      const record = [row.period];
      if (dimension) record.push(c.kind === "other" ? CSV_OTHER : (c.dimensionValue ?? ""));
      record.push(cell(row.values[c.key]), row.runIds[c.key] ?? "");
      if (data.comparison) record.push(row.comparison?.period ?? "", cell(row.comparison?.values[c.key]), row.comparison?.runIds[c.key] ?? "");
      records.push(record);
    }
  }
  return records;
}
