// The brief's sentences for one headline metric, and the chart each links to.
// Pure.
import type { Anomaly } from "@/lib/anomaly/detect";
import type { MetricDrivers } from "@/lib/drivers/drivers-schema";
import { driversSearchParams } from "@/lib/drivers/drivers-params";
import type { MetricStatusSummary } from "@/lib/intent/status-summary";
import { GRAIN_NOUNS, percentText, periodPhrase } from "@/lib/intent/words";
import { periodEnd } from "@/lib/metrics/chart-rows";
import type { Grain, Unit } from "@/lib/metrics/definition-schema";
import { formatValue } from "@/lib/metrics/format";
import { addDays, addPeriods } from "@/lib/metrics/periods";
import { defaultMetricView, metricViewHref } from "@/lib/metrics/view-params";
import type { MetricView } from "@/lib/metrics/view-schema";
import type { BriefMetric, BriefSentence } from "./brief-schema";

/** An anomaly this many days before the data's last day, or later, is recent. */
export const RECENT_ANOMALY_DAYS = 28;
/** Periods of context drawn before the one a sentence is about. */
const CONTEXT: Record<Grain, number> = { day: 27, week: 12, month: 12, quarter: 8 };

const dayWithWeekday = new Intl.DateTimeFormat("en-US", { timeZone: "UTC", weekday: "short", year: "numeric", month: "short", day: "numeric" });
const longDay = (day: string) => dayWithWeekday.format(new Date(`${day}T00:00:00Z`));

const earlier = (a: string, b: string) => (a < b ? a : b);

/** A custom-range chart of `key` at `grain` from `from` to `to`. */
export function chartHref(key: string, grain: Grain, from: string, to: string, extra: Partial<MetricView> = {}): string {
  return metricViewHref(key, { ...defaultMetricView(), range: "custom", from, to, grain, ...extra });
}

/** The chart around a period: some periods before it, through its end. */
export const periodChartHref = (key: string, grain: Grain, period: string, extra: Partial<MetricView> = {}) =>
  chartHref(key, grain, addPeriods(period, grain, -CONTEXT[grain]), periodEnd(period, grain), extra);

/** The daily chart around a flagged day, so the day and its weekday baseline are in view and marked. */
export const anomalyChartHref = (key: string, day: string, dataThrough: string) =>
  chartHref(key, "day", addDays(day, -CONTEXT.day), earlier(addDays(day, 13), dataThrough));

/** The metric page's drivers section for the two periods, with the chart broken down by the top dimension. */
export function driversHref(drivers: MetricDrivers): string {
  const { metric, grain, previousPeriod, currentPeriod } = drivers;
  const by = drivers.top?.dimension ?? drivers.dimensions[0]?.dimension;
  const chart = chartHref(metric, grain, addPeriods(previousPeriod, grain, -CONTEXT[grain] + 1), periodEnd(currentPeriod, grain), by ? { by } : {});
  const params = driversSearchParams({ grain, from: previousPeriod, to: currentPeriod }).toString();
  return `${chart}${chart.includes("?") ? "&" : "?"}${params}#drivers`;
}

export interface BriefMetricInput {
  metric: { key: string; name: string; unit: Unit; currency?: string };
  summary: MetricStatusSummary;
  /** Flagged days of the daily series over the past year, any order. */
  anomalies: readonly Anomaly[];
  drivers: MetricDrivers | null;
}

/** The status in words against the target: "On track: 3.5% above the 720 target." */
function statusText(summary: MetricStatusSummary, fmt: (v: number) => string): string {
  const { status } = summary;
  if (status.status === "no_target" || status.status === "no_data" || !status.target) return `${status.label}. ${status.sentence}`;
  const { value: target, source } = status.target;
  const value = summary.value ?? target;
  const side = value === target ? "on" : status.gap === null ? (value > target ? "above" : "below") : `${percentText(status.gap)} ${value > target ? "above" : "below"}`;
  const growth = source === "growth" ? `, a growth target over the previous ${GRAIN_NOUNS[summary.grain]}` : "";
  return `${status.label}: ${side} the ${fmt(target)} target${growth}.`;
}

function anomalyText(latest: Anomaly, recent: boolean, recentCount: number, fmt: (v: number) => string): string {
  const what = `${latest.direction === "dip" ? "dip" : "spike"} on ${longDay(latest.period)}: ${fmt(latest.value)} against the usual ${fmt(latest.low)} to ${fmt(latest.high)}`;
  if (!recent) return `No unusual day in the last 4 weeks; the latest in the past year was a ${what}.`;
  const more = recentCount > 1 ? ` (${recentCount} unusual days in the last 4 weeks)` : "";
  return `Unusual ${what}${more}.`;
}

/** The sentences for one metric, each with the page that proves it. */
export function composeBriefMetric(input: BriefMetricInput): BriefMetric {
  const { metric, summary, drivers } = input;
  const format = { unit: metric.unit, ...(metric.currency ? { currency: metric.currency } : {}) };
  const fmt = (v: number) => formatValue(v, format);
  const { grain, period, dataThrough } = summary;
  const sentences: BriefSentence[] = [];
  const sentence = (kind: BriefSentence["kind"], text: string, href: string, meaning: BriefSentence["meaning"] = null) => sentences.push({ kind, text, href, meaning });

  if (period !== null) {
    const chart = periodChartHref(metric.key, grain, period);
    sentence("value", summary.value === null ? `${metric.name} has no value ${periodPhrase(period, grain)}.` : `${metric.name} ${periodPhrase(period, grain)}: ${fmt(summary.value)}.`, chart);
    const [previous, yearAgo] = summary.deltas;
    if (previous) sentence("change", previous.sentence, chart, previous.meaning);
    if (yearAgo) sentence("year", yearAgo.sentence, periodChartHref(metric.key, grain, period, { compare: "year" }), yearAgo.meaning);
    sentence("status", statusText(summary, fmt), chart);
  } else {
    sentence("status", summary.status.sentence, `/metrics/${metric.key}`);
  }

  let anomaly: BriefMetric["anomaly"] = null;
  if (dataThrough !== null) {
    const ordered = [...input.anomalies].filter((a) => a.period <= dataThrough).sort((a, b) => b.period.localeCompare(a.period));
    const latest = ordered[0];
    const recentFrom = addDays(dataThrough, -(RECENT_ANOMALY_DAYS - 1));
    if (latest) {
      const recent = latest.period >= recentFrom;
      anomaly = { period: latest.period, direction: latest.direction, recent };
      sentence("anomaly", anomalyText(latest, recent, ordered.filter((a) => a.period >= recentFrom).length, fmt), anomalyChartHref(metric.key, latest.period, dataThrough));
    } else {
      sentence("anomaly", "No unusual day in the past year.", chartHref(metric.key, "day", addDays(dataThrough, -89), dataThrough));
    }
  }

  if (drivers && drivers.dimensions.length > 0) sentence("driver", drivers.sentence, driversHref(drivers));

  return {
    key: metric.key,
    name: metric.name,
    status: summary.status.status,
    statusLabel: summary.status.label,
    grain,
    period,
    value: summary.value,
    valueText: summary.value === null ? "no value" : fmt(summary.value),
    sentences,
    anomaly,
    driver: drivers?.top ?? null,
  };
}
