import "server-only";
import type { Warehouse } from "@/lib/db";
import { NotFoundError } from "@/lib/http/errors";
import { listRunQualityChecks } from "@/lib/quality/queries/list-quality-checks";
import type { QualityCheck } from "@/lib/quality/check-schema";
import { reachable, type LineageNode, type MetricLineage, type RawEdge } from "../graph-schema";
import { nodeId, type LineageNodeKind } from "../node-names";

export interface LatestRun extends Record<string, unknown> {
  id: string;
  metric_key: string;
  status: string;
  finished_at: Date | string | null;
  started_at: Date | string;
  sql: string;
  output_rows: number | null;
  input_row_counts: Record<string, number>;
}

const iso = (v: Date | string | null) => (v === null ? null : (v instanceof Date ? v : new Date(v)).toISOString());

/** Each metric's latest finished run. */
export function listLatestRuns(wh: Warehouse): Promise<LatestRun[]> {
  return wh.sql.query<LatestRun>(
    `SELECT DISTINCT ON (metric_key) id, metric_key, status, started_at, finished_at, sql, output_rows, input_row_counts
     FROM metric_run WHERE status IN ('succeeded', 'failed') ORDER BY metric_key, started_at DESC`,
  );
}

/** The lineage graph of a metric from each metric's latest run: everything upstream and downstream of it. */
export async function getMetricLineageOrThrow(wh: Warehouse, key: string): Promise<MetricLineage> {
  const runs = await listLatestRuns(wh);
  const runByMetric = new Map(runs.map((r) => [r.metric_key, r]));
  if (!runByMetric.has(key)) throw new NotFoundError(`Metric '${key}' has no finished run, so no lineage yet.`, "key");
  const edgeRows = await wh.sql.query<{ run_id: string; from_kind: LineageNodeKind; from_name: string; to_kind: LineageNodeKind; to_name: string; columns: string[] }>(
    `SELECT * FROM lineage_edge WHERE run_id = ANY($1::text[])`,
    [`{${runs.map((r) => r.id).join(",")}}`],
  );
  const all: RawEdge[] = edgeRows.map((e) => ({ from: nodeId(e.from_kind, e.from_name), to: nodeId(e.to_kind, e.to_name), columns: e.columns }));
  const self = nodeId("metric", key);
  const up = reachable(all, self, "upstream");
  const down = reachable(all, self, "downstream");
  const inGraph = new Set([self, ...up, ...down]);
  // Edges between two upstream nodes or two downstream nodes (or self), never across.
  const edges = all.filter((e) => inGraph.has(e.from) && inGraph.has(e.to) && !(up.has(e.from) && down.has(e.to) && e.to !== self));
  const nodeIds = new Set(edges.flatMap((e) => [e.from, e.to]).concat(self));

  const runOfNode = new Map<string, LatestRun>();
  for (const e of edgeRows) {
    const run = runs.find((r) => r.id === e.run_id)!;
    for (const [kind, name] of [[e.to_kind, e.to_name], [e.from_kind, e.from_name]] as const) {
      if (kind === "job" || kind === "rollup" || (kind === "metric" && name === run.metric_key)) runOfNode.set(nodeId(kind, name), run);
    }
  }
  const relevantRuns = [...new Set([...runOfNode.values()].filter((r) => nodeIds.has(nodeId("metric", r.metric_key))).map((r) => r.id))];
  const checks = await listRunQualityChecks(wh.sql, relevantRuns);
  const latestPerNode = new Map<string, Map<string, QualityCheck>>();
  for (const c of checks) {
    const id = nodeId(c.nodeKind, c.nodeName);
    const perCheck = latestPerNode.get(id) ?? new Map<string, QualityCheck>();
    const prior = perCheck.get(c.check);
    if (!prior || prior.checkedAt < c.checkedAt) perCheck.set(c.check, { ...c, runId: undefined });
    latestPerNode.set(id, perCheck);
  }
  const checksOf = (id: string) => [...(latestPerNode.get(id)?.values() ?? [])].map(({ runId: _runId, ...c }) => c);

  const nodes: LineageNode[] = [...nodeIds].sort().map((id) => {
    const colon = id.indexOf(":");
    const kind = id.slice(0, colon) as LineageNodeKind;
    const name = id.slice(colon + 1);
    const run = runOfNode.get(id) ?? (kind === "metric" ? runByMetric.get(name) : undefined);
    const side = id === self ? "self" : up.has(id) ? "upstream" : "downstream";
    const columns = [...new Set(edges.filter((e) => e.to === id || e.from === id).flatMap((e) => (kind === "table" ? e.columns : [])))];
    if (kind === "table") {
      const tableChecks = checksOf(id);
      const rows = tableChecks.find((c) => c.check === "row_count")?.actual;
      return { id, kind, name, side, rowCount: rows ? Number(rows) : null, freshness: tableChecks.find((c) => c.check === "freshness")?.actual ?? null, runId: null, runStatus: null, sql: null, columns, checks: tableChecks };
    }
    if (kind === "system" || !run) return { id, kind, name, side, rowCount: null, freshness: null, runId: null, runStatus: null, sql: null, columns, checks: [] };
    const inputRows = Object.values(run.input_row_counts ?? {}).reduce((s, n) => s + Number(n), 0);
    // A metric node shows every check behind its run, so a bad source table is visible on the metric itself.
    const nodeChecks = kind === "metric" ? checks.filter((c) => c.runId === run.id).map(({ runId: _runId, ...c }) => c) : checksOf(id);
    return {
      id,
      kind,
      name,
      side,
      rowCount: kind === "job" ? inputRows : run.output_rows,
      freshness: iso(run.finished_at),
      runId: run.id,
      runStatus: run.status,
      sql: kind === "job" ? run.sql : null,
      columns,
      checks: nodeChecks,
    };
  });
  return { metricKey: key, nodes, edges: edges.map((e) => ({ from: e.from, to: e.to, columns: e.columns })) };
}
