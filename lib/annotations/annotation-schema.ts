// Annotations as the API, the forms and the charts read them: events (a
// launch, an outage) on a day or a range of days, on some metrics or on all,
// and the definition changes derived from each metric's version history. Pure.
import { z } from "zod";
import { isoDate } from "@/lib/metrics/api-schema";
import { metricKeySchema } from "@/lib/metrics/definition-schema";

export const MAX_TITLE_LENGTH = 200;
export const MAX_DESCRIPTION_LENGTH = 2000;
/** More keys than metrics anyone defines; "every metric" is null, not a long list. */
export const MAX_METRIC_KEYS = 200;

const title = z
  .string({ error: "is required" })
  .trim()
  .min(1, "must not be empty")
  .max(MAX_TITLE_LENGTH, `must be at most ${MAX_TITLE_LENGTH} characters`);
// An empty description is no description.
const description = z
  .string()
  .trim()
  .max(MAX_DESCRIPTION_LENGTH, `must be at most ${MAX_DESCRIPTION_LENGTH} characters`)
  .nullish()
  .transform((d) => (d ? d : null));
const metricKeys = z
  .array(metricKeySchema, { error: "must be a list of metric keys, or null for every metric" })
  .min(1, "name at least one metric, or null for every metric")
  .max(MAX_METRIC_KEYS, `must name at most ${MAX_METRIC_KEYS} metrics`)
  .nullable();

const endsOnAfterStart = (a: { startsOn?: string; endsOn?: string | null }) =>
  !a.startsOn || !a.endsOn || a.endsOn >= a.startsOn;
const endsOnIssue = { message: "must not be before the start date", path: ["endsOn"] };

/** POST /api/annotations, and the add-annotation forms. */
export const createAnnotationBodySchema = z
  .strictObject({
    title,
    description: description.optional().transform((d) => d ?? null),
    /** The day of the event, or the first day of a range (UTC). */
    startsOn: isoDate,
    /** The last day of a range, inclusive; null or absent for a one-day event. */
    endsOn: isoDate.nullish().transform((d) => d ?? null),
    /** The metrics it touches; null for every metric. */
    metricKeys,
  })
  .refine(endsOnAfterStart, endsOnIssue);
export type CreateAnnotationBody = z.infer<typeof createAnnotationBodySchema>;
export type CreateAnnotationBodyInput = z.input<typeof createAnnotationBodySchema>;

/** PATCH /api/annotations/{id}: the fields to change; the range is checked against the stored ones. */
export const updateAnnotationBodySchema = z
  .strictObject({
    title: title.optional(),
    description: description.optional(),
    startsOn: isoDate.optional(),
    endsOn: isoDate.nullable().optional(),
    metricKeys: metricKeys.optional(),
  })
  .refine(endsOnAfterStart, endsOnIssue)
  .refine((b) => Object.keys(b).length > 0, {
    message:
      "name at least one field to change: title, description, startsOn, endsOn or metricKeys",
  });
export type UpdateAnnotationBody = z.infer<typeof updateAnnotationBodySchema>;

export const annotationRouteParamsSchema = z.object({ id: z.string().min(1).max(200) });

/** GET /api/annotations. Annotations overlapping [from, to] (UTC days, inclusive), on `metric` when given. */
export const listAnnotationsQuerySchema = z
  .strictObject({
    metric: metricKeySchema.optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, {
    message: "must not be after `to`",
    path: ["from"],
  });
export type ListAnnotationsQuery = z.infer<typeof listAnnotationsQuerySchema>;

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const annotationSchema = z.object({
  /** A UUID for events; the definition version's id (KEY@HASH12) for a definition change. */
  id: z.string(),
  /** "event": written by someone, deletable; "definition_change": derived from a metric's version history. */
  kind: z.enum(["event", "definition_change"]),
  title: z.string(),
  description: z.string().nullable(),
  startsOn: day,
  /** Inclusive; null for a one-day event. */
  endsOn: day.nullable(),
  /** Sorted; null: every metric. */
  metricKeys: z.array(z.string()).nullable(),
  /** ISO 8601 instant, UTC. */
  createdAt: z.string(),
  createdBy: z.string(),
  /** Where to read more: a definition change's diff. */
  href: z.string().nullable(),
});
export type Annotation = z.infer<typeof annotationSchema>;

export const annotationListSchema = z.object({ annotations: z.array(annotationSchema) });
export type AnnotationList = z.infer<typeof annotationListSchema>;

/** The metrics an annotation touches, in words: "every metric", "Orders, Revenue". */
export function describeAnnotationScope(
  keys: readonly string[] | null,
  names: Readonly<Record<string, string>> = {},
): string {
  if (keys === null) return "Every metric";
  return keys.map((k) => names[k] ?? k).join(", ");
}
