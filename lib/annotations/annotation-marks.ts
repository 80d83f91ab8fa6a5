// Annotations turned into chart marks at the drawn grain. Pure.
import type { ChartMark } from "@/lib/metrics/chart-marks";
import type { Grain } from "@/lib/metrics/definition-schema";
import { bucketStart } from "@/lib/metrics/periods";
import type { Annotation } from "./annotation-schema";

const longDay = (d: string) =>
  new Date(`${d}T00:00:00Z`).toLocaleDateString("en-GB", {
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
    timeZone: "UTC",
  });

/** When an annotation happened, in words: "Thu, 12 Mar 2026" or "Mon, 15 Sept 2025 to Sun, 28 Sept 2025". */
export function describeAnnotationDates(a: Pick<Annotation, "startsOn" | "endsOn">): string {
  return a.endsOn && a.endsOn !== a.startsOn
    ? `${longDay(a.startsOn)} to ${longDay(a.endsOn)}`
    : longDay(a.startsOn);
}

/** Where an event annotation is listed; a definition change links to its diff instead. */
export const annotationHref = (a: Pick<Annotation, "id" | "href">): string =>
  a.href ?? `/annotations#annotation-${encodeURIComponent(a.id)}`;

/**
 * One mark per annotation overlapping [from, to]: at the bucket of `grain`
 * holding its first day in the range, and for a range spanning several
 * buckets, `to` at the bucket holding its last day in the range.
 */
export function annotationMarks(
  annotations: readonly Annotation[],
  grain: Grain,
  from: string,
  to: string,
): ChartMark[] {
  const marks: ChartMark[] = [];
  for (const a of annotations) {
    const last = a.endsOn ?? a.startsOn;
    if (last < from || a.startsOn > to) continue;
    const period = bucketStart(a.startsOn < from ? from : a.startsOn, grain);
    const until = bucketStart(last > to ? to : last, grain);
    marks.push({
      kind: "annotation",
      period,
      ...(until !== period ? { to: until } : {}),
      title: a.title,
      detail: `${describeAnnotationDates(a)}${a.description ? `: ${a.description}` : "."}`,
      href: annotationHref(a),
    });
  }
  return marks.sort((x, y) => x.period.localeCompare(y.period) || x.title.localeCompare(y.title));
}
