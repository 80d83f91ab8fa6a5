// A lineage graph as one viewer may see it. Pure. Nodes of metrics the viewer
// may not see go (their job and rollup too, with their edges and the runs and
// reads that name them); a table restricted to groups the viewer is not in
// stays as a node, so the shape of the pipeline is honest, but without its
// columns, counts, checks or reads.
import type { QualityCheck } from "@/lib/quality/check-schema";
import type { LineageNode, MetricLineage } from "./graph-schema";

export interface LineageAccess {
  metricVisible(key: string): boolean;
  /** Whether the table's details are hidden from the viewer. */
  tableRestricted(table: string): boolean;
}

/** The metric a job, rollup or metric node belongs to. */
function metricOfNode(n: Pick<LineageNode, "kind" | "name">): string | null {
  if (n.kind === "metric") return n.name;
  if (n.kind === "job") return n.name.startsWith("compute:") ? n.name.slice("compute:".length) : null;
  if (n.kind === "rollup") return n.name.startsWith("metric_value/") ? n.name.slice("metric_value/".length) : null;
  return null;
}

export function restrictLineage(graph: MetricLineage, access: LineageAccess): MetricLineage {
  const hiddenNode = (n: LineageNode) => {
    const key = metricOfNode(n);
    return key !== null && !access.metricVisible(key);
  };
  const restrictedTable = (n: Pick<LineageNode, "kind" | "name">) => n.kind === "table" && access.tableRestricted(n.name);
  const removed = new Set(graph.nodes.filter(hiddenNode).map((n) => n.id));
  const restricted = new Set(graph.nodes.filter(restrictedTable).map((n) => n.id));
  const edges = graph.edges
    .filter((e) => !removed.has(e.from) && !removed.has(e.to))
    .map((e) => (restricted.has(e.from) || restricted.has(e.to) ? { ...e, columns: [] } : e));
  const connected = new Set(edges.flatMap((e) => [e.from, e.to]));
  const visibleCheck = (c: QualityCheck | Omit<QualityCheck, "runId">) => !(c.nodeKind === "table" && access.tableRestricted(c.nodeName));
  const nodes = graph.nodes
    .filter((n) => !removed.has(n.id) && (n.side === "self" || connected.has(n.id)))
    .map((n): LineageNode => {
      const runs = n.runs.filter((r) => access.metricVisible(r.metricKey));
      if (restricted.has(n.id)) return { ...n, rowCount: null, freshness: null, sql: null, columns: [], checks: [], runs, reads: [], restricted: true };
      return { ...n, runs, reads: n.reads.filter((r) => access.metricVisible(r.metricKey)), checks: n.checks.filter(visibleCheck) };
    });
  return { ...graph, nodes, edges };
}
