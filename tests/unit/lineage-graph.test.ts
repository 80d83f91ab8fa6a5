import { describe, expect, it } from "vitest";
import { reachable } from "@/lib/lineage/graph-schema";
import { parseSourceFile } from "@/lib/lineage/source-catalog";

const EDGES = [
  { from: "system:shop", to: "table:orders", columns: [] },
  { from: "table:orders", to: "job:compute:orders", columns: ["ordered_at"] },
  { from: "job:compute:orders", to: "metric:orders", columns: [] },
  { from: "metric:orders", to: "job:compute:rate", columns: ["value"] },
  { from: "metric:refunds", to: "job:compute:rate", columns: ["value"] },
  { from: "job:compute:rate", to: "metric:rate", columns: [] },
];

describe("reachable", () => {
  it.each([
    { start: "metric:orders", direction: "upstream" as const, nodes: ["job:compute:orders", "system:shop", "table:orders"] },
    { start: "metric:orders", direction: "downstream" as const, nodes: ["job:compute:rate", "metric:rate"] },
    { start: "metric:rate", direction: "upstream" as const, nodes: ["job:compute:orders", "job:compute:rate", "metric:orders", "metric:refunds", "system:shop", "table:orders"] },
    { start: "metric:rate", direction: "downstream" as const, nodes: [] },
  ])("$direction of $start", ({ start, direction, nodes }) => {
    expect([...reachable(EDGES, start, direction)].sort()).toEqual(nodes);
  });
});

describe("parseSourceFile", () => {
  it("accepts a valid source system", () => {
    const { system, issues } = parseSourceFile("s.yaml", "system: shop-db\ntables:\n  orders:\n    key: [order_id]\n    time_column: ordered_at\n    expected_freshness_days: 1\n");
    expect(issues).toEqual([]);
    expect(system?.tables.orders?.key).toEqual(["order_id"]);
  });
  it.each([
    { text: "system: shop\ntables:\n  orders:\n    key: []\n    time_column: t\n    expected_freshness_days: 1\n", line: 4, field: "tables.orders.key" },
    { text: "system: shop\ntables:\n  orders:\n    key: [id]\n    expected_freshness_days: 1\n", line: 4, field: "tables.orders.time_column" },
    { text: "system: shop\ntables:\n  orders:\n    key: [id]\n    time_column: t\n    expected_freshness_days: 1\n    colour: red\n", line: 4, field: "tables.orders.colour" },
  ])("names file, line and field: $field", ({ text, line, field }) => {
    const [issue] = parseSourceFile("s.yaml", text).issues;
    expect(issue).toMatchObject({ file: "s.yaml", field });
    expect(issue?.line).toBeGreaterThanOrEqual(line - 1);
  });
});
