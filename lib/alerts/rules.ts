// Alert rules evaluated on one metric's stored series. Pure: the series comes
// in, the alerts that fire come out; storing them is evaluate.ts's job.
import { detectAnomalies, K } from "@/lib/anomaly/detect";
import { latestCompletePeriod, metricStatus } from "@/lib/intent/status";
import { periodPhrase } from "@/lib/intent/words";
import type { AlertRule, Grain, MetricDefinition } from "@/lib/metrics/definition-schema";
import { formatValue } from "@/lib/metrics/format";
import { addDays, addPeriods } from "@/lib/metrics/periods";
import { metricViewHref } from "@/lib/metrics/view-href";
import type { AlertRuleKind, AlertSeverity } from "./alert-schema";

/** A stored point of the metric's total series. */
export interface SeriesPoint {
  period: string;
  value: number | null;
  runId: string | null;
}

export type RuleMetric = Pick<MetricDefinition, "key" | "name" | "unit" | "currency" | "direction" | "target" | "bands">;

export interface FiredAlert {
  metricKey: string;
  ruleId: string;
  ruleKind: AlertRuleKind;
  grain: Grain;
  period: string;
  severity: AlertSeverity;
  message: string;
  value: number;
  expected: number | null;
  detail: Record<string, unknown>;
  runId: string | null;
}

/**
 * How many of the latest complete periods each kind looks at. Anomalies are
 * events, so a year of them is worth knowing when a rule is first evaluated;
 * a missed threshold or target is a state, so only its recent periods alert.
 * Re-evaluating a period that already fired adds nothing (alert_period_key),
 * so the windows only need to be longer than the gap between two computes.
 */
export type AlertWindows = Record<AlertRuleKind, Record<Grain, number>>;
export const DEFAULT_ALERT_WINDOWS: AlertWindows = {
  anomaly: { day: 365, week: 52, month: 12, quarter: 4 },
  threshold: { day: 7, week: 2, month: 1, quarter: 1 },
  misses_target: { day: 7, week: 2, month: 1, quarter: 1 },
};

/** A rule's identity, written from its content, so an edited rule is a new rule: "threshold:day:below:2000". */
export function ruleIdOf(rule: AlertRule): string {
  switch (rule.kind) {
    case "threshold":
      return `threshold:${rule.grain}:${rule.op}:${rule.value}`;
    case "misses_target":
      return `misses_target:${rule.grain}:${rule.when}`;
    case "anomaly":
      return `anomaly:${rule.grain}`;
  }
}

/** The rule in words, for the inbox: "Anomaly in the daily series". */
export function describeRuleId(ruleId: string, format: { unit: MetricDefinition["unit"]; currency?: string } = { unit: "number" }): string {
  const [kind, grain = "", a = "", b = ""] = ruleId.split(":");
  const adjective: Record<string, string> = { day: "daily", week: "weekly", month: "monthly", quarter: "quarterly" };
  const per = adjective[grain] ?? grain;
  if (kind === "threshold") return `${per[0]?.toUpperCase()}${per.slice(1)} value ${a} ${formatValue(Number(b), format)}`;
  if (kind === "misses_target") return `${per[0]?.toUpperCase()}${per.slice(1)} target missed (${a === "at_risk" ? "at risk or worse" : "off track"})`;
  return `Anomaly in the ${per} series`;
}

/**
 * The metric page's chart around a period: some periods before it for
 * context and one after, at the period's grain.
 */
export function alertChartHref(metricKey: string, grain: Grain, period: string): string {
  const before: Record<Grain, number> = { day: 56, week: 12, month: 12, quarter: 8 };
  return metricViewHref(metricKey, {
    range: "custom",
    from: addPeriods(period, grain, -before[grain]),
    to: addDays(addPeriods(period, grain, 2), -1),
    grain,
    compare: "none",
    top: 5,
    filters: {},
    chart: "line",
    stacked: false,
    view: "chart",
  });
}

export interface EvaluateRuleOptions {
  /** The last day with data: periods ending after it are partial and never judged. */
  dataThrough: string;
  windows?: AlertWindows;
}

/**
 * The alerts a rule fires on the latest complete periods of its grain (as many
 * as the kind's window). `points` is the total series at the rule's grain.
 */
export function evaluateRule(metric: RuleMetric, rule: AlertRule, points: readonly SeriesPoint[], options: EvaluateRuleOptions): FiredAlert[] {
  const latest = latestCompletePeriod(points, rule.grain, options.dataThrough);
  if (!latest) return [];
  const windowLength = (options.windows ?? DEFAULT_ALERT_WINDOWS)[rule.kind][rule.grain];
  if (windowLength < 1) return [];
  const from = addPeriods(latest.period, rule.grain, -(windowLength - 1));
  const sorted = [...points].sort((a, b) => a.period.localeCompare(b.period));
  const inWindow = sorted.filter((p) => p.period >= from && p.period <= latest.period);
  const format = { unit: metric.unit, ...(metric.currency ? { currency: metric.currency } : {}) };
  const fmt = (v: number) => formatValue(v, format);
  const ruleId = ruleIdOf(rule);
  const base = { metricKey: metric.key, ruleId, ruleKind: rule.kind, grain: rule.grain } as const;
  const fired: FiredAlert[] = [];

  if (rule.kind === "threshold") {
    for (const p of inWindow) {
      if (p.value === null || !Number.isFinite(p.value)) continue;
      if (rule.op === "above" ? !(p.value > rule.value) : !(p.value < rule.value)) continue;
      fired.push({
        ...base,
        period: p.period,
        severity: "critical",
        message: `${metric.name} ${periodPhrase(p.period, rule.grain)}: ${fmt(p.value)}, ${rule.op} the ${fmt(rule.value)} alert threshold.`,
        value: p.value,
        expected: rule.value,
        detail: { rule },
        runId: p.runId,
      });
    }
  } else if (rule.kind === "misses_target") {
    const index = new Map(sorted.map((p, i) => [p.period, i]));
    for (const p of inWindow) {
      if (p.value === null || !Number.isFinite(p.value)) continue;
      const previous = sorted[(index.get(p.period) ?? 0) - 1];
      const status = metricStatus({
        name: metric.name,
        format,
        direction: metric.direction,
        target: metric.target,
        bands: metric.bands,
        grain: rule.grain,
        period: p.period,
        value: p.value,
        previousValue: previous && previous.period === addPeriods(p.period, rule.grain, -1) ? previous.value : null,
      });
      const fires = status.status === "off_track" || (rule.when === "at_risk" && status.status === "at_risk");
      if (!fires) continue;
      fired.push({
        ...base,
        period: p.period,
        severity: status.status === "off_track" ? "critical" : "warning",
        message: `${status.label}: ${status.sentence}`,
        value: p.value,
        expected: status.target?.value ?? (status.status === "off_track" ? status.thresholds?.offTrack : status.thresholds?.atRisk) ?? null,
        detail: { rule, status: status.status, target: status.target, gap: status.gap, thresholds: status.thresholds },
        runId: p.runId,
      });
    }
  } else {
    const runIds = new Map(sorted.map((p) => [p.period, p.runId]));
    const anomalies = detectAnomalies({
      name: metric.name,
      format,
      grain: rule.grain,
      points: sorted.filter((p) => p.period <= latest.period).map((p) => ({ period: p.period, value: p.value === null || Number.isFinite(p.value) ? p.value : null })),
      from,
    });
    for (const a of anomalies) {
      fired.push({
        ...base,
        period: a.period,
        severity: Math.abs(a.score) > 2 * K ? "critical" : "warning",
        message: a.sentence,
        value: a.value,
        expected: a.expected,
        detail: { rule, direction: a.direction, low: a.low, high: a.high, score: a.score },
        runId: runIds.get(a.period) ?? null,
      });
    }
  }
  return fired;
}

/** The last day with data of a metric's total series: the latest period at its finest stored grain (as the catalog reads it). */
export function dataThroughOf(seriesByGrain: ReadonlyMap<Grain, readonly SeriesPoint[]>, grains: readonly Grain[]): string | null {
  for (const grain of grains) {
    const points = seriesByGrain.get(grain);
    if (points && points.length > 0) return points.reduce((max, p) => (p.period > max ? p.period : max), points[0]!.period);
  }
  return null;
}
