import { describe, expect, it } from "vitest";
import { auditFilterSql } from "@/lib/audit/audit-filter-sql";
import { auditHref, listAuditQuerySchema, parseAuditPageParams } from "@/lib/audit/audit-schema";
import {
  auditEntityHref,
  auditRelatedLinks,
  summarizeAuditEntry,
} from "@/lib/audit/describe-audit-entry";

describe("summarizeAuditEntry", () => {
  it.each([
    [
      {
        action: "definition.created",
        entityType: "metric",
        entityId: "mau",
        detail: { versionId: "mau@1", previousVersionId: null },
      },
      "Definition of mau first loaded as version mau@1.",
    ],
    [
      {
        action: "definition.changed",
        entityType: "metric",
        entityId: "mau",
        detail: { versionId: "mau@2", previousVersionId: "mau@1" },
      },
      "Definition of mau changed from version mau@1 to mau@2.",
    ],
    [
      {
        action: "run.succeeded",
        entityType: "run",
        entityId: "r",
        detail: { metricKey: "orders", inputRows: 12345, outputRows: 10 },
      },
      "Run of orders succeeded: 12,345 source rows read, 10 points written.",
    ],
    [
      {
        action: "run.succeeded",
        entityType: "run",
        entityId: "r",
        detail: { metricKey: "orders" },
      },
      "Run of orders succeeded.",
    ],
    [
      {
        action: "run.failed",
        entityType: "run",
        entityId: "r",
        detail: { metricKey: "orders", error: "division by zero" },
      },
      "Run of orders failed: division by zero.",
    ],
    [
      {
        action: "quality_check.failed",
        entityType: "table",
        entityId: "public.orders",
        detail: { check: "null_keys", message: "3 rows" },
      },
      "Quality check null_keys failed on table public.orders: 3 rows.",
    ],
    [
      { action: "quality_check.failed", entityType: "table", entityId: "t", detail: {} },
      "Quality check failed on table t.",
    ],
    [
      {
        action: "annotation.added",
        entityType: "metric",
        entityId: "mau",
        detail: { note: "launch", at: { day: 1 }, pinned: true, by: null },
      },
      'annotation.added: note: launch; at: {"day":1}; pinned: true; by: none.',
    ],
    [{ action: "manual.edit", entityType: "x", entityId: "y", detail: {} }, "manual.edit."],
  ])("%j", (entry, expected) => {
    expect(summarizeAuditEntry(entry)).toBe(expected);
  });
});

describe("audit links", () => {
  it("links metrics and runs, and nothing else", () => {
    expect(auditEntityHref({ entityType: "metric", entityId: "mau" })).toBe("/metrics/mau");
    expect(auditEntityHref({ entityType: "run", entityId: "1f-2" })).toBe("/runs/1f-2");
    expect(auditEntityHref({ entityType: "table", entityId: "public.orders" })).toBeNull();
  });

  it("links a definition change to its diff, a run to its metric and a check to its run", () => {
    expect(
      auditRelatedLinks({
        action: "definition.changed",
        entityType: "metric",
        entityId: "mau",
        detail: { versionId: "mau@2", previousVersionId: "mau@1" },
      }),
    ).toEqual([
      {
        label: "Diff of this change",
        href: "/metrics/mau/definition?from=mau%401&to=mau%402#diff",
      },
    ]);
    expect(
      auditRelatedLinks({
        action: "definition.created",
        entityType: "metric",
        entityId: "mau",
        detail: { versionId: "mau@1", previousVersionId: null },
      }),
    ).toEqual([]);
    expect(
      auditRelatedLinks({
        action: "run.succeeded",
        entityType: "run",
        entityId: "r1",
        detail: { metricKey: "orders" },
      }),
    ).toEqual([{ label: "Metric orders", href: "/metrics/orders" }]);
    expect(
      auditRelatedLinks({
        action: "quality_check.failed",
        entityType: "table",
        entityId: "t",
        detail: { runId: "r9" },
      }),
    ).toEqual([{ label: "Run", href: "/runs/r9" }]);
  });
});

describe("auditFilterSql", () => {
  it("binds every filter, with whole UTC days", () => {
    const q = listAuditQuerySchema.parse({
      action: "run.failed",
      entityType: "run",
      entityId: "r1",
      actor: "a",
      metric: "mau",
      from: "2024-02-28",
      to: "2024-02-29",
    });
    const w = auditFilterSql(q);
    expect(w.sql).toBe(
      "WHERE action = $1 AND entity_type = $2 AND entity_id = $3 AND actor = $4 AND ((entity_type = 'metric' AND entity_id = $5) OR detail->>'metricKey' = $5) AND at >= $6::timestamptz AND at < $7::timestamptz",
    );
    expect(w.params).toEqual([
      "run.failed",
      "run",
      "r1",
      "a",
      "mau",
      "2024-02-28T00:00:00.000Z",
      "2024-03-01T00:00:00.000Z",
    ]);
  });

  it("is empty without filters", () => {
    expect(auditFilterSql(listAuditQuerySchema.parse({}))).toEqual({ sql: "", params: [] });
  });
});

describe("listAuditQuerySchema", () => {
  it.each([
    [{ from: "2024-02-30" }, "from"],
    [{ from: "2024-03-02", to: "2024-03-01" }, "from"],
    [{ before: "1", after: "2" }, "after"],
    [{ pageSize: "201" }, "pageSize"],
    [{ before: "0" }, "before"],
    [{ action: " " }, "action"],
  ])("rejects %j at %s", (raw, parameter) => {
    const r = listAuditQuerySchema.safeParse(raw);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual([parameter]);
  });

  it("defaults the page size and coerces cursors", () => {
    expect(listAuditQuerySchema.parse({ before: "12" })).toEqual({ before: 12, pageSize: 50 });
  });
});

describe("parseAuditPageParams", () => {
  it("drops what it cannot read, names it, and keeps the rest", () => {
    expect(
      parseAuditPageParams({
        action: "run.failed",
        from: "yesterday",
        zzz: "1",
        to: "",
        entityId: undefined,
      }),
    ).toEqual({
      query: { action: "run.failed", pageSize: 50 },
      ignored: ["from: must be a date as YYYY-MM-DD", "zzz: not a filter of this page"],
    });
    expect(parseAuditPageParams({ before: "3", after: "1" }).query).toEqual({
      before: 3,
      pageSize: 50,
    });
  });
});

describe("auditHref", () => {
  it("keeps the filters and the cursor", () => {
    expect(auditHref({})).toBe("/audit");
    expect(auditHref({ action: "run.failed", metric: "mau" }, { before: 40 })).toBe(
      "/audit?action=run.failed&metric=mau&before=40",
    );
    expect(auditHref({ from: "2024-01-01", entityId: "a b" }, { after: 3 })).toBe(
      "/audit?entityId=a+b&from=2024-01-01&after=3",
    );
  });
});
