// The audit log as the API and the audit page read it: filters in, a keyset
// page of entries out. Pure.
import { z } from "zod";
import { isoDate } from "@/lib/metrics/api-schema";
import { metricKeySchema } from "@/lib/metrics/definition-schema";

const seqCursor = z.coerce.number().int().positive();
const text = z.string().trim().min(1).max(200);

/** GET /api/audit and the audit page's URL. Dates are UTC days, both inclusive. */
export const listAuditQuerySchema = z
  .strictObject({
    action: text.optional(),
    entityType: text.optional(),
    entityId: text.optional(),
    /** Entries about this metric: its own (entity metric) and those naming it in their detail (its runs). */
    metric: metricKeySchema.optional(),
    actor: text.optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    /** Keyset cursors: entries older than (before) or newer than (after) this seq. */
    before: seqCursor.optional(),
    after: seqCursor.optional(),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, {
    message: "must not be after `to`",
    path: ["from"],
  })
  .refine((q) => q.before === undefined || q.after === undefined, {
    message: "give either `before` or `after`, not both",
    path: ["after"],
  });
export type ListAuditQuery = z.infer<typeof listAuditQuerySchema>;

/** The filters of a query, without its cursor and page size. */
export const AUDIT_FILTERS = [
  "action",
  "entityType",
  "entityId",
  "metric",
  "actor",
  "from",
  "to",
] as const;
export type AuditFilters = Pick<ListAuditQuery, (typeof AUDIT_FILTERS)[number]>;

export const auditEntrySchema = z.object({
  seq: z.number().int(),
  /** ISO 8601 instant, UTC. */
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  detail: z.record(z.string(), z.unknown()),
  prevHash: z.string(),
  hash: z.string(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const auditPageSchema = z.object({
  /** Newest first. */
  entries: z.array(auditEntrySchema),
  /** Entries matching the filters, on every page. */
  total: z.number().int(),
  /** Cursor for the next newer page (`after`), null on the newest. */
  newerAfter: z.number().int().nullable(),
  /** Cursor for the next older page (`before`), null on the oldest. */
  olderBefore: z.number().int().nullable(),
});
export type AuditPage = z.infer<typeof auditPageSchema>;

/** The values the filters can take, for the audit page's pickers. */
export const auditFacetsSchema = z.object({
  actions: z.array(z.string()),
  entityTypes: z.array(z.string()),
  actors: z.array(z.string()),
});
export type AuditFacets = z.infer<typeof auditFacetsSchema>;

/** The audit page's address for these filters and cursor; empty filters are left out. */
export function auditHref(
  filters: AuditFilters,
  cursor: { before?: number; after?: number } = {},
): string {
  const params = new URLSearchParams();
  for (const name of AUDIT_FILTERS) {
    const value = filters[name];
    if (value) params.set(name, value);
  }
  if (cursor.before !== undefined) params.set("before", String(cursor.before));
  if (cursor.after !== undefined) params.set("after", String(cursor.after));
  const query = params.toString();
  return query ? `/audit?${query}` : "/audit";
}

export interface AuditPageParams {
  query: ListAuditQuery;
  /** Parameters that were dropped, each with why. */
  ignored: string[];
}

/**
 * The audit page's URL, read leniently: a malformed or unknown parameter is
 * dropped and named, and the rest still apply (the API answers 400 instead).
 */
export function parseAuditPageParams(
  raw: Record<string, string | string[] | undefined>,
): AuditPageParams {
  const params: Record<string, string | string[]> = Object.fromEntries(
    Object.entries(raw).filter(
      (e): e is [string, string | string[]] => e[1] !== undefined && e[1] !== "",
    ),
  );
  const ignored: string[] = [];
  for (;;) {
    const parsed = listAuditQuerySchema.safeParse(params);
    if (parsed.success) return { query: parsed.data, ignored };
    let dropped = false;
    for (const issue of parsed.error.issues) {
      const names =
        issue.code === "unrecognized_keys"
          ? issue.keys
          : issue.path.length
            ? [String(issue.path[0])]
            : [];
      for (const name of names) {
        if (!(name in params)) continue;
        ignored.push(
          issue.code === "unrecognized_keys"
            ? `${name}: not a filter of this page`
            : `${name}: ${issue.message}`,
        );
        delete params[name];
        dropped = true;
      }
    }
    // Unreachable with this schema (every issue names a parameter); guards against a loop.
    if (!dropped)
      return {
        query: listAuditQuerySchema.parse({}),
        ignored: [...ignored, "the filters could not be read"],
      };
  }
}
