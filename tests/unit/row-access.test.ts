// The pure parts of row access: the sources' access fields, what a viewer may
// see of a table, and a lineage graph cut down to what a viewer may see.
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { LineageNode, MetricLineage } from "@/lib/lineage/graph-schema";
import { restrictLineage } from "@/lib/lineage/restrict-lineage";
import { parseSourceFile } from "@/lib/lineage/source-catalog";
import type { QualityCheck } from "@/lib/quality/check-schema";
import { maskedColumnsFor, readTableAccess, tableRestrictionFor } from "@/lib/lineage/table-access";
import { testViewer } from "../support/viewers";

const TABLE = "system: shop-db\ntables:\n  users:\n    key: [id]\n    time_column: created_at\n    expected_freshness_days: 1\n";

describe("sensitive_columns and access_groups in a source file", () => {
  it("accepts them", () => {
    const { system, issues } = parseSourceFile("s.yaml", `${TABLE}    sensitive_columns: [email]\n    access_groups: [finance]\n`);
    expect(issues).toEqual([]);
    expect(system?.tables.users).toMatchObject({ sensitive_columns: ["email"], access_groups: ["finance"] });
  });

  it.each([
    ["    access_groups: [Finance]\n", "tables.users.access_groups.0", "lower-case"],
    ["    access_groups: []\n", "tables.users.access_groups", "at least one group"],
    ["    sensitive_columns: [E-mail]\n", "tables.users.sensitive_columns.0", "SQL identifier"],
  ])("rejects %j at its line", (extra, field, words) => {
    const { issues } = parseSourceFile("s.yaml", `${TABLE}${extra}`);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ field, line: 7 });
    expect(issues[0]!.message).toContain(words);
  });
});

describe("table access from the demo metrics/sources", () => {
  const access = readTableAccess(path.resolve("metrics/sources"));
  it.each([
    ["viewer", [], "refunds", ["finance"], ["email"]],
    ["analyst", [], "public.refunds", ["finance"], ["email"]],
    ["auditor", ["finance"], "refunds", null, ["email"]],
    ["admin", [], "refunds", null, []],
    ["analyst", [], "orders", null, ["email"]],
  ] as const)("%s in %j: %s", (role, groups, table, needed, masked) => {
    const viewer = testViewer(role, [...groups]);
    expect(tableRestrictionFor(viewer, access, table)).toEqual(needed);
    expect(maskedColumnsFor(viewer, access, "users")).toEqual(masked);
  });
});

const node = (id: string, side: LineageNode["side"], extra: Partial<LineageNode> = {}): LineageNode => {
  const colon = id.indexOf(":");
  return {
    id,
    kind: id.slice(0, colon) as LineageNode["kind"],
    name: id.slice(colon + 1),
    side,
    rowCount: 10,
    freshness: "2026-01-01T00:00:00.000Z",
    runId: null,
    runStatus: null,
    sql: null,
    columns: [],
    checks: [],
    runs: [],
    reads: [],
    title: null,
    formula: null,
    ...extra,
  };
};

const check = (nodeName: string): QualityCheck => ({ id: `c-${nodeName}`, nodeKind: "table", nodeName, check: "row_count", status: "pass", column: null, expected: null, actual: "10", message: "", detail: {}, checkedAt: "2026-01-01T00:00:00.000Z" });

describe("restrictLineage", () => {
  // orders' graph: the orders table also read by the hidden largest_order, and
  // the refunds table (restricted) feeding refunds, downstream hidden big_rate.
  const graph = {
    metricKey: "orders",
    nodes: [
      node("table:public.orders", "upstream", { columns: ["amount"], reads: [{ metricKey: "orders", runId: "r1", columns: ["amount"] }, { metricKey: "largest_order", runId: "r2", columns: ["amount"] }], runs: [{ id: "r2", metricKey: "largest_order", status: "succeeded", startedAt: "x", finishedAt: null, role: "read" }] }),
      node("table:public.refunds", "upstream", { columns: ["refund_id", "amount"], reads: [{ metricKey: "orders", runId: "r1", columns: ["amount"] }], checks: [check("public.refunds")] }),
      node("job:compute:orders", "upstream", { sql: "SELECT 1" }),
      node("metric:orders", "self", { checks: [check("public.refunds"), check("public.orders")] }),
      node("job:compute:big_rate", "downstream"),
      node("metric:big_rate", "downstream"),
    ],
    edges: [
      { from: "table:public.orders", to: "job:compute:orders", columns: ["amount"] },
      { from: "table:public.refunds", to: "job:compute:orders", columns: ["refund_id", "amount"] },
      { from: "job:compute:orders", to: "metric:orders", columns: [] },
      { from: "metric:orders", to: "job:compute:big_rate", columns: ["value"] },
      { from: "job:compute:big_rate", to: "metric:big_rate", columns: [] },
    ],
  } as unknown as MetricLineage;
  const restricted = restrictLineage(graph, {
    metricVisible: (k) => !["largest_order", "big_rate"].includes(k),
    tableRestricted: (t) => t.endsWith("refunds"),
  });

  it("removes hidden metrics' nodes and edges and every run or read naming them", () => {
    expect(restricted.nodes.map((n) => n.id)).toEqual(["table:public.orders", "table:public.refunds", "job:compute:orders", "metric:orders"]);
    expect(restricted.edges.some((e) => e.to.includes("big_rate"))).toBe(false);
    expect(JSON.stringify(restricted)).not.toMatch(/largest_order|big_rate/);
  });

  it("keeps a restricted table as a node without its columns, counts, checks or reads", () => {
    const refunds = restricted.nodes.find((n) => n.id === "table:public.refunds")!;
    expect(refunds).toMatchObject({ columns: [], rowCount: null, freshness: null, checks: [], reads: [], restricted: true });
    expect(restricted.edges.find((e) => e.from === "table:public.refunds")!.columns).toEqual([]);
    expect(restricted.nodes.find((n) => n.id === "metric:orders")!.checks.map((c) => c.nodeName)).toEqual(["public.orders"]);
  });

  it("changes nothing for a viewer who may see everything", () => {
    const all = restrictLineage(graph, { metricVisible: () => true, tableRestricted: () => false });
    expect(all.nodes.map((n) => n.id)).toEqual(graph.nodes.map((n) => n.id));
    expect(all.edges).toEqual(graph.edges);
  });
});
