import "server-only";
import { toIso } from "@/lib/metrics/queries/metric-records";
import type { Annotation } from "../annotation-schema";

/** The columns every annotation query selects, as read back. */
export interface AnnotationRow extends Record<string, unknown> {
  kind: string;
  id: string;
  title: string;
  description: string | null;
  starts_on: string;
  ends_on: string | null;
  metric_keys: unknown;
  created_at: unknown;
  created_by: string;
  href: string | null;
}

/** The stored event columns, in AnnotationRow's shape. */
export const EVENT_COLUMNS = `'event' AS kind, id, title, description, starts_on::text AS starts_on, ends_on::text AS ends_on,
       metric_keys, created_at, created_by, NULL::text AS href`;

/** A text[] as read back: drivers give an array; a literal `{a,b}` is parsed (metric keys need no quoting). */
function keysOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  const text = String(value ?? "{}").replace(/^\{|\}$/g, "");
  return text ? text.split(",") : [];
}

/** A text[] parameter, sorted and without repeats; metric keys are lower_snake_case, so the literal needs no quoting. */
export const keysParam = (keys: readonly string[] | null): string =>
  `{${[...new Set(keys ?? [])].sort().join(",")}}`;

export function toAnnotation(r: AnnotationRow): Annotation {
  const keys = keysOf(r.metric_keys);
  return {
    id: r.id,
    kind: r.kind === "definition_change" ? "definition_change" : "event",
    title: r.title,
    description: r.description,
    startsOn: String(r.starts_on),
    endsOn: r.ends_on === null ? null : String(r.ends_on),
    metricKeys: keys.length ? keys : null,
    createdAt: toIso(r.created_at),
    createdBy: r.created_by,
    href: r.href,
  };
}
