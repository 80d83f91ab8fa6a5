// Marks drawn on a metric's chart: periods a quality check flags (and, as they
// arrive, anomalies and annotations), each with a sentence saying why. Pure.
import { z } from "zod";
import type { QualityCheck } from "@/lib/quality/check-schema";
import type { Grain } from "./definition-schema";
import { bucketStart } from "./periods";

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const chartMarkSchema = z.object({
  kind: z.enum(["quality", "anomaly", "annotation"]),
  /** Start of the bucket at the drawn grain that holds the marked day(s). */
  period: day,
  /** For a mark spanning several buckets (a ranged annotation): the start of its last bucket. */
  to: day.optional(),
  /** Short text drawn on the chart, e.g. "Data quality". */
  title: z.string(),
  /** The sentence read in the tooltip and the list below the chart. */
  detail: z.string(),
  /** Where to see the evidence: the run whose check failed, the anomaly's drill-through. */
  href: z.string().nullable(),
  /** An anomaly at the drawn grain: the range its value was expected in, drawn as a band on the point. */
  expected: z.object({ low: z.number(), high: z.number() }).optional(),
});
export type ChartMark = z.infer<typeof chartMarkSchema>;

/** A failed or warning check at a node this metric reads, with the metric it reached it through. */
export const qualityIssueSchema = z.object({
  checkId: z.string(),
  status: z.enum(["fail", "warn"]),
  node: z.string(),
  message: z.string(),
  /** The input metric whose run recorded it, or null when it is the metric's own. */
  via: z.string().nullable(),
  runId: z.string().nullable(),
  /** Days the check names (a duplicate-key check names the days of the extra rows). */
  days: z.array(day),
});
export type QualityIssue = z.infer<typeof qualityIssueSchema>;

const isDay = (v: unknown): v is string => typeof v === "string" && day.safeParse(v).success;

/** The days a check's detail names: duplicate-key checks store [{ day, rows }]. */
export function checkDays(check: Pick<QualityCheck, "detail">): string[] {
  const days = check.detail.days;
  if (!Array.isArray(days)) return [];
  return days.map((d: unknown) => (typeof d === "object" && d !== null && "day" in d ? (d as { day: unknown }).day : d)).filter(isDay);
}

/** Failed and warning checks, once each (a table's check is shared by every metric reading it). */
export function toQualityIssues(checks: readonly { check: QualityCheck; via: string | null }[]): QualityIssue[] {
  const seen = new Map<string, QualityIssue>();
  for (const { check, via } of checks) {
    if (check.status !== "fail" && check.status !== "warn") continue;
    const known = seen.get(check.id);
    // The metric's own run is the closer evidence than an input's.
    if (known && (known.via === null || via !== null)) continue;
    seen.set(check.id, {
      checkId: check.id,
      status: check.status,
      node: check.nodeName,
      message: check.message,
      via,
      runId: check.runId ?? null,
      days: checkDays(check),
    });
  }
  return [...seen.values()].sort((a, b) => (a.status === b.status ? a.node.localeCompare(b.node) : a.status === "fail" ? -1 : 1));
}

const longDay = (d: string) =>
  new Date(`${d}T00:00:00Z`).toLocaleDateString("en-GB", { weekday: "short", day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });

/** One mark per issue and bucket of `grain` in [from, to] that holds a day the issue names. */
export function qualityMarks(issues: readonly QualityIssue[], metricName: string, grain: Grain, from: string, to: string): ChartMark[] {
  const marks: ChartMark[] = [];
  for (const issue of issues) {
    const byBucket = new Map<string, string[]>();
    for (const d of issue.days) {
      const period = bucketStart(d, grain);
      if (period < bucketStart(from, grain) || period > to) continue;
      byBucket.set(period, [...(byBucket.get(period) ?? []), d]);
    }
    for (const [period, days] of byBucket) {
      const when = days.map(longDay).join(", ");
      const through = issue.via ? ` (read through ${issue.via})` : "";
      marks.push({
        kind: "quality",
        period,
        title: issue.status === "fail" ? "Quality check failed" : "Quality warning",
        detail: `${issue.message}${through}: ${metricName} on ${when} may be wrong.`,
        href: issue.runId ? `/runs/${encodeURIComponent(issue.runId)}#quality-checks` : null,
      });
    }
  }
  return marks.sort((a, b) => a.period.localeCompare(b.period));
}

/** A flagged point of the daily series, as the anomaly detector reports it. */
export interface FlaggedPoint {
  period: string;
  low: number;
  high: number;
  direction: "spike" | "dip";
  sentence: string;
}

/**
 * Marks of flagged days in [from, to]: one per day at day grain, with the
 * range the value was expected in; at a coarser grain one per bucket holding
 * flagged days, saying which (the range is on the days' scale, not the bucket's).
 */
export function anomalyMarks(anomalies: readonly FlaggedPoint[], grain: Grain, from: string, to: string, href?: (period: string) => string): ChartMark[] {
  const inRange = anomalies.filter((a) => a.period >= from && a.period <= to);
  const title = (days: readonly FlaggedPoint[]) =>
    days.every((a) => a.direction === "spike") ? (days.length > 1 ? "Unusual spikes" : "Unusual spike") : days.every((a) => a.direction === "dip") ? (days.length > 1 ? "Unusual dips" : "Unusual dip") : "Unusual days";
  if (grain === "day") {
    return inRange.map((a) => ({ kind: "anomaly" as const, period: a.period, title: title([a]), detail: a.sentence, href: href ? href(a.period) : null, expected: { low: a.low, high: a.high } }));
  }
  const byBucket = new Map<string, FlaggedPoint[]>();
  for (const a of inRange) {
    const bucket = bucketStart(a.period, grain);
    byBucket.set(bucket, [...(byBucket.get(bucket) ?? []), a]);
  }
  const SHOWN = 3;
  return [...byBucket].map(([period, days]) => ({
    kind: "anomaly" as const,
    period,
    title: title(days),
    detail:
      days.length === 1
        ? days[0]!.sentence
        : `${days.length} unusual days in this ${grain}: ${days.slice(0, SHOWN).map((d) => d.sentence).join(" ")}${days.length > SHOWN ? ` And ${days.length - SHOWN} more.` : ""}`,
    href: href ? href(days[0]!.period) : null,
  }));
}
