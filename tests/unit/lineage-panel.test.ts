import { describe, expect, it } from "vitest";
import { firstViewport, layoutLineage } from "@/components/lineage/lineage-layout";
import {
  freshnessWords,
  graphRows,
  incomingEdgeWords,
  nodeSentence,
  orderLineageNodes,
  ownCheckShortWords,
  ownCheckWords,
  rowCountWords,
  summariseChecks,
  upstreamCheckShortWords,
  upstreamCheckWords,
} from "@/components/lineage/lineage-summary";
import { mergeEdges, type LineageNode, type MetricLineage } from "@/lib/lineage/graph-schema";
import type { QualityCheck } from "@/lib/quality/check-schema";

const check = (id: string, nodeKind: QualityCheck["nodeKind"], nodeName: string, name: QualityCheck["check"], status: QualityCheck["status"]): QualityCheck => ({
  id,
  nodeKind,
  nodeName,
  check: name,
  status,
  column: null,
  expected: null,
  actual: null,
  message: `${name} ${status}`,
  detail: {},
  checkedAt: "2026-06-19T00:00:00.000Z",
});

const DUP = check("c1", "table", "public.orders", "duplicate_keys", "fail");
const ROWS = check("c2", "table", "public.orders", "row_count", "pass");
const REC = check("c3", "rollup", "metric_value/revenue", "reconciliation", "pass");
const NA = check("c4", "rollup", "metric_value/arpu", "reconciliation", "not_applicable");

const node = (id: string, over: Partial<LineageNode> = {}): LineageNode => {
  const colon = id.indexOf(":");
  return {
    id,
    kind: id.slice(0, colon) as LineageNode["kind"],
    name: id.slice(colon + 1),
    side: "upstream",
    rowCount: null,
    freshness: null,
    runId: null,
    runStatus: null,
    sql: null,
    columns: [],
    checks: [],
    runs: [],
    reads: [],
    title: null,
    formula: null,
    ...over,
  };
};

// revenue reads orders; arpu reads revenue and mau; mau reads sessions. Nodes deliberately out of order.
const LINEAGE: MetricLineage = {
  metricKey: "revenue",
  nodes: [
    node("metric:arpu", { side: "downstream", checks: [NA] }),
    node("rollup:metric_value/revenue", { checks: [REC] }),
    node("metric:revenue", { side: "self", checks: [DUP, ROWS, REC] }),
    node("job:compute:revenue", { rowCount: 41098, freshness: "2026-06-19T02:03:00.000Z" }),
    node("table:public.orders", { rowCount: 43026, freshness: "2026-06-18 23:40:21.966", checks: [DUP, ROWS] }),
    node("system:shop-db"),
    node("job:compute:arpu", { side: "downstream" }),
  ],
  edges: [
    { from: "system:shop-db", to: "table:public.orders", columns: ["amount", "status"] },
    { from: "table:public.orders", to: "job:compute:revenue", columns: ["amount"] },
    { from: "job:compute:revenue", to: "rollup:metric_value/revenue", columns: [] },
    { from: "rollup:metric_value/revenue", to: "metric:revenue", columns: [] },
    { from: "metric:revenue", to: "job:compute:arpu", columns: ["value"] },
    { from: "job:compute:arpu", to: "metric:arpu", columns: [] },
  ],
};

describe("orderLineageNodes", () => {
  it("puts every node after the nodes it reads from", () => {
    expect(orderLineageNodes(LINEAGE).map((n) => n.id)).toEqual([
      "system:shop-db",
      "table:public.orders",
      "job:compute:revenue",
      "rollup:metric_value/revenue",
      "metric:revenue",
      "job:compute:arpu",
      "metric:arpu",
    ]);
  });
  it("breaks ties by kind then name, and keeps nodes of a cycle at the end", () => {
    const nodes = [node("metric:b"), node("table:z"), node("metric:a"), node("job:x"), node("job:y")];
    const edges = [
      { from: "job:x", to: "job:y", columns: [] },
      { from: "job:y", to: "job:x", columns: [] },
    ];
    expect(orderLineageNodes({ nodes, edges }).map((n) => n.id)).toEqual(["table:z", "metric:a", "metric:b", "job:x", "job:y"]);
  });
});

describe("summariseChecks", () => {
  const summaries = summariseChecks(LINEAGE);
  it.each([
    { id: "table:public.orders", own: ["c1", "c2"], upstream: [] },
    { id: "job:compute:revenue", own: [], upstream: ["c1"] },
    { id: "rollup:metric_value/revenue", own: ["c3"], upstream: ["c1"] },
    // A metric's own checks are its run's: the failed table check is among them, not repeated as upstream.
    { id: "metric:revenue", own: ["c1", "c3", "c2"], upstream: [] },
    { id: "metric:arpu", own: ["c4"], upstream: ["c1"] },
    { id: "system:shop-db", own: [], upstream: [] },
  ])("$id", ({ id, own, upstream }) => {
    const s = summaries.get(id);
    expect(s?.own.map((c) => c.id)).toEqual(own);
    expect(s?.upstreamProblems.map((p) => p.check.id)).toEqual(upstream);
  });
  it("names the node an upstream problem sits on", () => {
    const byId = new Map(LINEAGE.nodes.map((n) => [n.id, n]));
    expect(upstreamCheckWords(summaries.get("metric:arpu")!.upstreamProblems, byId)).toBe("Upstream: duplicate keys failed at table public.orders");
    expect(upstreamCheckShortWords(summaries.get("metric:arpu")!.upstreamProblems)).toBe("Upstream: duplicate keys failed");
    expect(upstreamCheckWords([], byId)).toBeNull();
  });
});

describe("check words", () => {
  it.each([
    { checks: [], tone: "none", words: "No checks here", short: "No checks here" },
    { checks: [NA], tone: "none", words: "1 check not applicable", short: "1 check not applicable" },
    { checks: [ROWS], tone: "pass", words: "1 check passed", short: "1 check passed" },
    { checks: [ROWS, REC, NA], tone: "pass", words: "All 2 checks passed", short: "All 2 checks passed" },
    { checks: [DUP, ROWS, NA], tone: "fail", words: "1 of 2 checks failed: duplicate keys", short: "1 of 2 failed: duplicate keys" },
    { checks: [{ ...ROWS, status: "warn" as const }, REC], tone: "warn", words: "1 of 2 checks warned: row count", short: "1 of 2 warned: row count" },
    { checks: [DUP, { ...ROWS, status: "fail" as const }], tone: "fail", words: "2 of 2 checks failed: duplicate keys, row count", short: "2 of 2 failed" },
  ])("$words", ({ checks, tone, words, short }) => {
    expect(ownCheckWords(checks)).toEqual({ tone, words });
    expect(ownCheckShortWords(checks)).toEqual({ tone, words: short });
  });
});

describe("node facts", () => {
  it.each([
    { n: node("table:t", { rowCount: 43026, freshness: "2026-09-30 23:40:21.966" }), rows: "43,026 rows", fresh: "newest row 2026-09-30 23:40" },
    { n: node("job:j", { rowCount: 1, freshness: "2026-11-21T23:08:09.531Z" }), rows: "1 row read", fresh: "ran 2026-11-21 23:08 UTC" },
    { n: node("rollup:r", { rowCount: 11978 }), rows: "11,978 points", fresh: null },
    { n: node("metric:m", { rowCount: 1 }), rows: "1 point", fresh: null },
    { n: node("system:s"), rows: null, fresh: null },
  ])("$n.id", ({ n, rows, fresh }) => {
    expect(rowCountWords(n)).toBe(rows);
    expect(freshnessWords(n)).toBe(fresh);
  });
  it("says what each node reads, naming columns when the edge carries any", () => {
    const byId = new Map(LINEAGE.nodes.map((n) => [n.id, n]));
    expect(incomingEdgeWords(LINEAGE.edges, "job:compute:revenue", byId)).toEqual(["reads column amount from table public.orders"]);
    expect(incomingEdgeWords(LINEAGE.edges, "table:public.orders", byId)).toEqual(["reads columns amount, status from source system shop-db"]);
    expect(incomingEdgeWords(LINEAGE.edges, "metric:revenue", byId)).toEqual(["reads from rollup metric_value/revenue"]);
    expect(incomingEdgeWords(LINEAGE.edges, "system:shop-db", byId)).toEqual([]);
  });
});

describe("nodeSentence", () => {
  const summaries = summariseChecks(LINEAGE);
  const byId = new Map(LINEAGE.nodes.map((n) => [n.id, n]));
  it.each([
    { id: "table:public.orders", want: "Table public.orders. 43,026 rows. newest row 2026-06-18 23:40. 1 of 2 checks failed: duplicate keys" },
    { id: "job:compute:revenue", want: "Job compute:revenue. 41,098 rows read. ran 2026-06-19 02:03 UTC. No checks here. Upstream: duplicate keys failed at table public.orders" },
    { id: "metric:revenue", want: "Metric revenue (this metric). 1 of 3 checks failed: duplicate keys" },
    { id: "system:shop-db", want: "Source system shop-db" },
  ])("$id", ({ id, want }) => {
    expect(nodeSentence(byId.get(id)!, summaries.get(id), byId)).toBe(want);
  });
});

describe("layout", () => {
  it("places nodes left to right along every edge, one column per hop", () => {
    const ordered = orderLineageNodes(LINEAGE);
    const placed = layoutLineage(ordered, LINEAGE.edges);
    const x = new Map(placed.nodes.map((p) => [p.id, p.x]));
    for (const e of LINEAGE.edges) expect(x.get(e.to)!, `${e.from} -> ${e.to}`).toBeGreaterThan(x.get(e.from)!);
    expect(placed.nodes.map((p) => p.id)).toEqual(ordered.map((n) => n.id));
    expect(placed.edges).toHaveLength(LINEAGE.edges.length);
    expect(placed.width).toBeGreaterThan(placed.height);
  });
  it("stacks parallel inputs in one column and drops edges to unknown nodes", () => {
    const nodes = [node("table:a"), node("table:b"), node("metric:m")];
    const edges = [
      { from: "table:a", to: "metric:m", columns: [] },
      { from: "table:b", to: "metric:m", columns: [] },
      { from: "table:gone", to: "metric:m", columns: [] },
    ];
    const placed = layoutLineage(nodes, edges);
    const [a, b] = placed.nodes;
    expect(a!.x).toBe(b!.x);
    expect(a!.y).not.toBe(b!.y);
    expect(placed.edges.map((e) => e.source)).toEqual(["table:a", "table:b"]);
    expect(graphRows({ nodes, edges })).toBe(2);
    expect(graphRows(LINEAGE)).toBe(1);
  });
});

describe("mergeEdges", () => {
  it("keeps one edge per hop with the union of the columns each run recorded", () => {
    expect(
      mergeEdges([
        { from: "system:s", to: "table:t", columns: ["a", "b"] },
        { from: "table:t", to: "job:j", columns: ["a"] },
        { from: "system:s", to: "table:t", columns: ["b", "c"] },
      ]),
    ).toEqual([
      { from: "system:s", to: "table:t", columns: ["a", "b", "c"] },
      { from: "table:t", to: "job:j", columns: ["a"] },
    ]);
  });
});

describe("firstViewport", () => {
  const self = { id: "metric:m", x: 1000, y: 0, width: 200, height: 100 };
  it.each([
    { name: "centres a graph that fits at full size", graph: { width: 600, height: 100 }, pane: { width: 1000, height: 300 }, want: { x: 200, y: 100, zoom: 1 } },
    { name: "shrinks a slightly wide graph to fit", graph: { width: 1200, height: 100 }, pane: { width: 1000, height: 300 }, want: { x: 0, y: 150 - 50 * (1000 / 1200), zoom: 1000 / 1200 } },
    // Too wide even at the readable zoom: start at the sources while the metric is in view, else put the metric at the right edge.
    { name: "keeps a wide graph readable, from its sources", graph: { width: 3000, height: 100 }, pane: { width: 1000, height: 300 }, want: { x: 0, y: 150 - 50 * 0.75, zoom: 0.75 } },
    { name: "keeps a wide graph readable, the metric in view", graph: { width: 3000, height: 100 }, pane: { width: 1000, height: 300 }, at: 2600, want: { x: 1000 - 2824 * 0.75, y: 150 - 50 * 0.75, zoom: 0.75 } },
    { name: "centres a tall graph on the metric", graph: { width: 600, height: 900 }, pane: { width: 1000, height: 300 }, want: { x: 200, y: 150 - 50, zoom: 1 } },
  ])("$name", ({ graph, pane, want, at }) => {
    const got = firstViewport(graph, { ...self, x: at ?? self.x }, pane);
    expect(got.zoom).toBeCloseTo(want.zoom);
    expect(got.x).toBeCloseTo(want.x);
    expect(got.y).toBeCloseTo(want.y);
  });
});
