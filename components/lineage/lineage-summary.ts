// A lineage graph in words: node order, facts and check results, for the graph's
// nodes, the list view and the details pane alike. Pure.
import { reachable, type LineageEdge, type LineageNode, type MetricLineage } from "@/lib/lineage/graph-schema";
import type { LineageNodeKind } from "@/lib/lineage/node-names";
import { formatInstant } from "@/lib/metrics/format";
import type { QualityCheck } from "@/lib/quality/check-schema";

/** The details pane's element id, which every node button controls. */
export const LINEAGE_DETAILS_ID = "lineage-details";

export const KIND_LABELS: Record<LineageNodeKind, string> = {
  file: "Imported file",
  system: "Source system",
  table: "Table",
  job: "Job",
  rollup: "Rollup",
  metric: "Metric",
};

export const CHECK_LABELS: Record<QualityCheck["check"], string> = {
  freshness: "freshness",
  row_count: "row count",
  null_keys: "null keys",
  duplicate_keys: "duplicate keys",
  reconciliation: "reconciliation",
};

const KIND_RANK: Record<LineageNodeKind, number> = { file: -1, system: 0, table: 1, job: 2, rollup: 3, metric: 4 };

const count = new Intl.NumberFormat("en-US");
const plural = (n: number, one: string, many = `${one}s`) => `${count.format(n)} ${n === 1 ? one : many}`;

/** Nodes in upstream order: every node after all nodes it reads from; ties by kind, then name. */
export function orderLineageNodes(lineage: Pick<MetricLineage, "nodes" | "edges">): LineageNode[] {
  const byId = new Map(lineage.nodes.map((n) => [n.id, n]));
  const indegree = new Map(lineage.nodes.map((n) => [n.id, 0]));
  const next = new Map<string, string[]>();
  for (const e of lineage.edges) {
    if (!byId.has(e.from) || !byId.has(e.to) || e.from === e.to) continue;
    indegree.set(e.to, (indegree.get(e.to) ?? 0) + 1);
    next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  }
  const compare = (a: LineageNode, b: LineageNode) => KIND_RANK[a.kind] - KIND_RANK[b.kind] || a.name.localeCompare(b.name);
  const ready = lineage.nodes.filter((n) => indegree.get(n.id) === 0);
  const ordered: LineageNode[] = [];
  while (ready.length > 0) {
    ready.sort(compare);
    const node = ready.shift()!;
    ordered.push(node);
    for (const to of next.get(node.id) ?? []) {
      const left = (indegree.get(to) ?? 0) - 1;
      indegree.set(to, left);
      if (left === 0) ready.push(byId.get(to)!);
    }
  }
  // A cycle would be a recording bug; its nodes still appear, after the rest.
  const placed = new Set(ordered.map((n) => n.id));
  return [...ordered, ...lineage.nodes.filter((n) => !placed.has(n.id)).sort(compare)];
}

export interface LocatedCheck {
  check: QualityCheck;
  /** The node the check measured, "table:public.orders". */
  nodeId: string;
}

export interface CheckSummary {
  /** Checks measured at this node; a metric's are every check behind its run (its tables' and its rollup's). */
  own: QualityCheck[];
  /** Failed or warning checks at nodes upstream of this one, not already in own: a bad hop shows on everything it feeds. */
  upstreamProblems: LocatedCheck[];
}

const locate = (c: QualityCheck) => `${c.nodeKind}:${c.nodeName}`;
const STATUS_RANK: Record<QualityCheck["status"], number> = { fail: 0, warn: 1, pass: 2, not_applicable: 3 };

/** Each node's own checks and the problems upstream of it. */
export function summariseChecks(lineage: Pick<MetricLineage, "nodes" | "edges">): Map<string, CheckSummary> {
  const all = new Map<string, LocatedCheck>();
  for (const n of lineage.nodes) for (const c of n.checks) all.set(c.id, { check: c, nodeId: locate(c) });
  const problems = [...all.values()].filter((c) => c.check.status === "fail" || c.check.status === "warn");
  const summaries = new Map<string, CheckSummary>();
  for (const n of lineage.nodes) {
    const up = reachable(lineage.edges, n.id, "upstream");
    const own = (n.kind === "metric" ? [...n.checks] : n.checks.filter((c) => locate(c) === n.id)).sort(
      (a, b) => STATUS_RANK[a.status] - STATUS_RANK[b.status] || a.check.localeCompare(b.check) || a.nodeName.localeCompare(b.nodeName),
    );
    const ownIds = new Set(own.map((c) => c.id));
    const upstreamProblems = problems
      .filter((c) => up.has(c.nodeId) && !ownIds.has(c.check.id))
      .sort((a, b) => STATUS_RANK[a.check.status] - STATUS_RANK[b.check.status] || a.nodeId.localeCompare(b.nodeId));
    summaries.set(n.id, { own, upstreamProblems });
  }
  return summaries;
}

export type CheckTone = "pass" | "fail" | "warn" | "none";

/** The node's own checks in a few words: "1 of 4 checks failed: duplicate keys". */
export function ownCheckWords(own: readonly QualityCheck[]): { tone: CheckTone; words: string } {
  const failed = own.filter((c) => c.status === "fail");
  const warned = own.filter((c) => c.status === "warn");
  const judged = own.filter((c) => c.status !== "not_applicable");
  if (judged.length === 0) return { tone: "none", words: own.length === 0 ? "No checks here" : plural(own.length, "check") + " not applicable" };
  const names = (cs: QualityCheck[]) => cs.map((c) => CHECK_LABELS[c.check]).join(", ");
  if (failed.length > 0) return { tone: "fail", words: `${count.format(failed.length)} of ${plural(judged.length, "check")} failed: ${names(failed)}` };
  if (warned.length > 0) return { tone: "warn", words: `${count.format(warned.length)} of ${plural(judged.length, "check")} warned: ${names(warned)}` };
  return { tone: "pass", words: judged.length === 1 ? "1 check passed" : `All ${count.format(judged.length)} checks passed` };
}

/** The same, short enough for a graph node: "1 of 4 failed: duplicate keys". */
export function ownCheckShortWords(own: readonly QualityCheck[]): { tone: CheckTone; words: string } {
  const full = ownCheckWords(own);
  if (full.tone !== "fail" && full.tone !== "warn") return full;
  const bad = own.filter((c) => c.status === full.tone);
  const judged = own.filter((c) => c.status !== "not_applicable").length;
  const what = bad.length === 1 ? `: ${CHECK_LABELS[bad[0]!.check]}` : "";
  return { tone: full.tone, words: `${count.format(bad.length)} of ${count.format(judged)} ${full.tone === "fail" ? "failed" : "warned"}${what}` };
}

/** Problems upstream, short: "Upstream: duplicate keys failed". */
export function upstreamCheckShortWords(problems: readonly LocatedCheck[]): string | null {
  if (problems.length === 0) return null;
  const failed = problems.filter((p) => p.check.status === "fail");
  const shown = failed.length ? failed : problems;
  const verb = failed.length ? "failed" : "warned";
  return `Upstream: ${shown.length === 1 ? CHECK_LABELS[shown[0]!.check.check] : plural(shown.length, "check")} ${verb}`;
}

/** Problems upstream in a few words, naming the check and the node: "Upstream: duplicate keys failed at table public.orders". */
export function upstreamCheckWords(problems: readonly LocatedCheck[], nodesById: ReadonlyMap<string, LineageNode>): string | null {
  if (problems.length === 0) return null;
  const parts = problems.map(({ check, nodeId }) => {
    const node = nodesById.get(nodeId);
    const where = node ? `${KIND_LABELS[node.kind].toLowerCase()} ${node.name}` : check.nodeName;
    return `${CHECK_LABELS[check.check]} ${check.status === "fail" ? "failed" : "warned"} at ${where}`;
  });
  return `Upstream: ${parts.join("; ")}`;
}

/** Row count as the node's kind means it: a table's rows, a job's rows read, a rollup's or metric's points. */
export function rowCountWords(node: Pick<LineageNode, "kind" | "rowCount">): string | null {
  if (node.rowCount === null) return null;
  switch (node.kind) {
    case "table":
      return plural(node.rowCount, "row");
    case "job":
      return `${plural(node.rowCount, "row")} read`;
    case "rollup":
    case "metric":
      return plural(node.rowCount, "point");
    case "file":
      return `${plural(node.rowCount, "row")} loaded`;
    case "system":
      return null;
  }
}

/** A table's freshness is its newest time value; a job's, rollup's or metric's is when its run finished. */
export function freshnessWords(node: Pick<LineageNode, "kind" | "freshness">): string | null {
  if (node.freshness === null) return null;
  if (node.kind === "table") return `newest row ${node.freshness.slice(0, 16)}`;
  if (node.kind === "file") return `imported ${formatInstant(node.freshness)}`;
  return `ran ${formatInstant(node.freshness)}`;
}

/** Where a node reads from, one phrase per edge into it: "reads columns amount, status from table public.orders". */
export function incomingEdgeWords(edges: readonly LineageEdge[], nodeId: string, nodesById: ReadonlyMap<string, LineageNode>): string[] {
  return edges
    .filter((e) => e.to === nodeId)
    .map((e) => {
      const from = nodesById.get(e.from);
      const source = from ? `${KIND_LABELS[from.kind].toLowerCase()} ${from.name}` : e.from;
      if (e.columns.length === 0) return `reads from ${source}`;
      return `reads ${e.columns.length === 1 ? "column" : "columns"} ${e.columns.join(", ")} from ${source}`;
    });
}

/** The node's name and facts in one line, for its accessible name and the list view. */
export function nodeSentence(node: LineageNode, summary: CheckSummary | undefined, nodesById: ReadonlyMap<string, LineageNode>): string {
  const facts = [rowCountWords(node), freshnessWords(node)].filter((x): x is string => x !== null);
  // A source system carries no checks of its own; saying so on every graph would be noise.
  const checks = summary && !((node.kind === "system" || node.kind === "file") && summary.own.length === 0) ? ownCheckWords(summary.own) : null;
  const upstream = summary ? upstreamCheckWords(summary.upstreamProblems, nodesById) : null;
  return [`${KIND_LABELS[node.kind]} ${node.name}${node.side === "self" ? " (this metric)" : ""}`, ...facts, checks?.words, upstream].filter(Boolean).join(". ");
}

/** How many nodes share the busiest column of the left-to-right layout (column = longest path from a source). */
export function graphRows(lineage: Pick<MetricLineage, "nodes" | "edges">): number {
  const depth = new Map<string, number>();
  for (const n of orderLineageNodes(lineage)) {
    const from = lineage.edges.filter((e) => e.to === n.id).map((e) => (depth.get(e.from) ?? -1) + 1);
    depth.set(n.id, Math.max(0, ...from));
  }
  const perColumn = new Map<number, number>();
  for (const d of depth.values()) perColumn.set(d, (perColumn.get(d) ?? 0) + 1);
  return Math.max(0, ...perColumn.values());
}
