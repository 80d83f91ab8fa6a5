// The audit log's filters and keyset pages, through the query function and
// GET /api/audit, on both warehouses.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as getAuditRoute } from "@/app/api/audit/route";
import { appendAuditEntriesNow, type NewAuditEntry } from "@/lib/audit/append-audit-entry";
import { listAuditQuerySchema, type AuditPage } from "@/lib/audit/audit-schema";
import { listAuditEntries } from "@/lib/audit/queries/list-audit-entries";
import { listAuditFacets } from "@/lib/audit/queries/list-audit-facets";
import { verifyAuditLog } from "@/lib/audit/verify-audit-log";
import type { Warehouse } from "@/lib/db";
import { signedRequest } from "../support/auth";
import { WAREHOUSES, type TestWarehouse } from "../support/warehouses";

const state = vi.hoisted(() => ({ wh: undefined as Warehouse | undefined }));
vi.mock("@/lib/db", () => ({
  getWarehouse: async () => {
    if (!state.wh) throw new Error("no test warehouse");
    return state.wh;
  },
}));

const P = "triad-pipeline";
/** Entries 1..25 with the UTC day each is written on. */
const LOG: [string, NewAuditEntry][] = [
  [
    "2024-03-01T09:00:00Z",
    {
      actor: P,
      action: "definition.created",
      entityType: "metric",
      entityId: "revenue",
      detail: { versionId: "revenue@a", previousVersionId: null },
    },
  ],
  [
    "2024-03-01T23:59:59Z",
    {
      actor: P,
      action: "run.succeeded",
      entityType: "run",
      entityId: "r1",
      detail: { metricKey: "revenue", outputRows: 3 },
    },
  ],
  [
    "2024-03-02T00:00:00Z",
    {
      actor: "alice",
      action: "definition.changed",
      entityType: "metric",
      entityId: "revenue",
      detail: { versionId: "revenue@b", previousVersionId: "revenue@a" },
    },
  ],
  [
    "2024-03-02T12:00:00Z",
    {
      actor: P,
      action: "run.failed",
      entityType: "run",
      entityId: "r2",
      detail: { metricKey: "orders", error: "boom" },
    },
  ],
  [
    "2024-03-03T12:00:00Z",
    {
      actor: P,
      action: "quality_check.failed",
      entityType: "table",
      entityId: "public.orders",
      detail: { check: "duplicate_keys", runId: "r2" },
    },
  ],
  ...Array.from({ length: 20 }, (_, i): [string, NewAuditEntry] => [
    "2024-03-04T08:00:00Z",
    {
      actor: P,
      action: "run.succeeded",
      entityType: "run",
      entityId: `bulk-${i + 6}`,
      detail: { metricKey: "orders", outputRows: i },
    },
  ]),
];

const seqs = (page: AuditPage) => page.entries.map((e) => e.seq);
const range = (from: number, to: number) =>
  Array.from({ length: from - to + 1 }, (_, i) => from - i);

describe.each(WAREHOUSES)("audit log on $name", (factory) => {
  let wh: TestWarehouse;
  const list = (q: Record<string, string | number>) =>
    listAuditEntries(wh, listAuditQuerySchema.parse(q));

  beforeAll(async () => {
    wh = await factory.open();
    state.wh = wh;
    // Only Date is faked, so each entry's `at` is the day it claims; the drivers' timers run as usual.
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      for (const [at, entry] of LOG) {
        vi.setSystemTime(new Date(at));
        await appendAuditEntriesNow(wh.sql, [entry]);
      }
    } finally {
      vi.useRealTimers();
    }
  });
  afterAll(() => wh?.dispose());

  it("pages newest first by seq, both ways, with cursors that stop at either end", async () => {
    const first = await list({ pageSize: 10 });
    expect(seqs(first)).toEqual(range(25, 16));
    expect(first).toMatchObject({ total: 25, newerAfter: null, olderBefore: 16 });
    const second = await list({ pageSize: 10, before: first.olderBefore! });
    expect(seqs(second)).toEqual(range(15, 6));
    expect(second).toMatchObject({ newerAfter: 15, olderBefore: 6 });
    const last = await list({ pageSize: 10, before: second.olderBefore! });
    expect(seqs(last)).toEqual(range(5, 1));
    expect(last).toMatchObject({ newerAfter: 5, olderBefore: null });
    const back = await list({ pageSize: 10, after: last.newerAfter! });
    expect(seqs(back)).toEqual(range(15, 6));
    const top = await list({ pageSize: 10, after: back.newerAfter! });
    expect(seqs(top)).toEqual(range(25, 16));
    expect(top.newerAfter).toBeNull();
  });

  it.each([
    [{ action: "run.succeeded" }, [...range(25, 6), 2]],
    [{ metric: "revenue" }, [3, 2, 1]],
    [{ entityType: "run", entityId: "r2" }, [4]],
    [{ entityId: "revenue" }, [3, 1]],
    [{ actor: "alice" }, [3]],
    [{ from: "2024-03-02", to: "2024-03-03" }, [5, 4, 3]],
    [{ to: "2024-03-01" }, [2, 1]],
    [{ from: "2024-03-04" }, range(25, 6)],
    [{ metric: "orders", action: "run.failed" }, [4]],
    [{ action: "no.such" }, []],
  ] as const)("filters by %j", async (filters, expected) => {
    const page = await list({ ...filters, pageSize: 200 });
    expect(seqs(page)).toEqual(expected);
    expect(page.total).toBe(expected.length);
  });

  it("pages within a filter", async () => {
    const first = await list({ action: "run.succeeded", pageSize: 15 });
    expect(seqs(first)).toEqual(range(25, 11));
    const next = await list({ action: "run.succeeded", pageSize: 15, before: first.olderBefore! });
    expect(seqs(next)).toEqual([...range(10, 6), 2]);
    expect(next).toMatchObject({ total: 21, olderBefore: null, newerAfter: 10 });
  });

  it("offers the filter values and keeps an intact chain", async () => {
    expect(await listAuditFacets(wh)).toEqual({
      actions: [
        "definition.changed",
        "definition.created",
        "quality_check.failed",
        "run.failed",
        "run.succeeded",
      ],
      entityTypes: ["metric", "run", "table"],
      actors: ["alice", P],
    });
    expect(await verifyAuditLog(wh.sql)).toMatchObject({ ok: true, entries: 25 });
  });

  it("answers GET /api/audit, and 400 naming a bad parameter", async () => {
    // Signed in here, after the tests that count the log's entries (signing in adds some).
    const res = await getAuditRoute(await signedRequest("http://test/api/audit?metric=revenue&pageSize=2", "auditor"));
    expect(res.status).toBe(200);
    const body = (await res.json()) as AuditPage;
    expect(seqs(body)).toEqual([3, 2]);
    expect(body).toMatchObject({ total: 3, olderBefore: 2, newerAfter: null });
    for (const [query, parameter] of [
      ["from=2024-13-01", "from"],
      ["from=2024-03-05&to=2024-03-01", "from"],
      ["before=5&after=1", "after"],
      ["pageSize=0", "pageSize"],
      ["before=abc", "before"],
      ["metric=Not%20A%20Key", "metric"],
    ]) {
      const bad = await getAuditRoute(await signedRequest(`http://test/api/audit?${query}`, "auditor"));
      const error = ((await bad.json()) as { error: { parameter?: string } }).error;
      expect([bad.status, error.parameter], query).toEqual([400, parameter]);
    }
    // Reading the audit log is the auditor's and the admin's: an analyst gets 403, anonymous 401.
    expect((await getAuditRoute(await signedRequest("http://test/api/audit", "analyst"))).status).toBe(403);
    expect((await getAuditRoute(new Request("http://test/api/audit"))).status).toBe(401);
  });
});
