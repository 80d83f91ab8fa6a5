import "server-only";
import { metricVisibleTo } from "@/lib/auth/metric-access";
import type { Viewer } from "@/lib/auth/viewer-schema";
import type { Warehouse } from "@/lib/db";
import { readCurrentDefinitions } from "@/lib/metrics/queries/metric-records";
import { noMetricError } from "@/lib/metrics/queries/metric-visibility";
import { NotFoundError } from "@/lib/http/errors";
import { listRunQualityChecks } from "@/lib/quality/queries/list-quality-checks";
import { metricDefinitionSchema } from "@/lib/metrics/definition-schema";
import { describeFormula } from "@/lib/metrics/formula";
import type { QualityCheck } from "@/lib/quality/check-schema";
import { mergeEdges, reachable, type LineageNode, type LineageNodeRun, type MetricLineage, type RawEdge } from "../graph-schema";
import { nodeId, type LineageNodeKind } from "../node-names";
import { restrictLineage, type LineageAccess } from "../restrict-lineage";
import { readTableAccess, tableRestrictionFor } from "../table-access";

export interface LatestRun extends Record<string, unknown> {
  id: string;
  metric_key: string;
  status: string;
  finished_at: Date | string | null;
  started_at: Date | string;
  sql: string;
  output_rows: number | null;
  input_row_counts: Record<string, number>;
  /** The definition version the run computed, as stored. */
  definition: unknown;
}

const iso = (v: Date | string | null) => (v === null ? null : (v instanceof Date ? v : new Date(v)).toISOString());

/** Each metric's latest finished run. */
export function listLatestRuns(wh: Warehouse): Promise<LatestRun[]> {
  return wh.sql.query<LatestRun>(
    `SELECT DISTINCT ON (r.metric_key) r.id, r.metric_key, r.status, r.started_at, r.finished_at, r.sql, r.output_rows, r.input_row_counts, v.definition
     FROM metric_run r LEFT JOIN metric_definition_version v ON v.id = r.definition_version_id
     WHERE r.status IN ('succeeded', 'failed') ORDER BY r.metric_key, r.started_at DESC`,
  );
}

/** The file -> table edge of the latest succeeded import into each table. */
function listLatestImportEdges(wh: Warehouse) {
  return wh.sql.query<{ from_kind: LineageNodeKind; from_name: string; to_kind: LineageNodeKind; to_name: string; columns: string[]; rows_loaded: number; finished_at: Date | string }>(
    `SELECT DISTINCT ON (e.to_name) e.from_kind, e.from_name, e.to_kind, e.to_name, e.columns, r.rows_loaded, r.finished_at
     FROM lineage_edge e JOIN import_run r ON r.id = e.run_id
     WHERE e.from_kind = 'file' AND r.status = 'succeeded' ORDER BY e.to_name, r.finished_at DESC`,
  );
}

/**
 * What of the lineage the viewer may see. A metric no longer defined is
 * treated as restricted for everyone but admins: its access rule is unknown.
 */
export async function readLineageAccess(wh: Warehouse, viewer: Viewer): Promise<LineageAccess> {
  const definitions = await readCurrentDefinitions(wh);
  const tables = readTableAccess();
  return {
    metricVisible: (k) => (definitions.has(k) ? metricVisibleTo(viewer, k, definitions) : viewer.role === "admin"),
    tableRestricted: (t) => tableRestrictionFor(viewer, tables, t) !== null,
  };
}

/** The lineage graph of a metric as the viewer may see it; NotFoundError, as for an unknown key, for a metric they may not see. */
export async function getMetricLineageOrThrow(wh: Warehouse, viewer: Viewer, key: string): Promise<MetricLineage> {
  const access = await readLineageAccess(wh, viewer);
  if (!access.metricVisible(key)) throw noMetricError(key);
  return restrictLineage(await readMetricLineageOrThrow(wh, key), access);
}

/** The lineage graph of a metric from each metric's latest run: everything upstream and downstream of it, unrestricted. */
async function readMetricLineageOrThrow(wh: Warehouse, key: string): Promise<MetricLineage> {
  const runs = await listLatestRuns(wh);
  const runByMetric = new Map(runs.map((r) => [r.metric_key, r]));
  if (!runByMetric.has(key)) throw new NotFoundError(`Metric '${key}' has no finished run, so no lineage yet.`, "key");
  const edgeRows = await wh.sql.query<{ run_id: string; from_kind: LineageNodeKind; from_name: string; to_kind: LineageNodeKind; to_name: string; columns: string[] }>(
    `SELECT * FROM lineage_edge WHERE run_id = ANY($1::text[])`,
    [`{${runs.map((r) => r.id).join(",")}}`],
  );
  const imports = await listLatestImportEdges(wh);
  const importOf = new Map(imports.map((i) => [nodeId("file", i.from_name), i]));
  const all: RawEdge[] = [...edgeRows, ...imports].map((e) => ({ from: nodeId(e.from_kind, e.from_name), to: nodeId(e.to_kind, e.to_name), columns: e.columns }));
  const self = nodeId("metric", key);
  const up = reachable(all, self, "upstream");
  const down = reachable(all, self, "downstream");
  const inGraph = new Set([self, ...up, ...down]);
  // Edges between two upstream nodes or two downstream nodes (or self), never across.
  const edges = mergeEdges(all.filter((e) => inGraph.has(e.from) && inGraph.has(e.to) && !(up.has(e.from) && down.has(e.to) && e.to !== self)));
  const nodeIds = new Set(edges.flatMap((e) => [e.from, e.to]).concat(self));

  const runOfNode = new Map<string, LatestRun>();
  // Per node, the runs whose edges touch it; "wrote" wins over "read".
  const touchedBy = new Map<string, Map<string, { run: LatestRun; role: LineageNodeRun["role"] }>>();
  for (const e of edgeRows) {
    const run = runs.find((r) => r.id === e.run_id)!;
    for (const [kind, name] of [[e.to_kind, e.to_name], [e.from_kind, e.from_name]] as const) {
      const id = nodeId(kind, name);
      const wrote = kind === "job" || kind === "rollup" || (kind === "metric" && name === run.metric_key);
      if (wrote) runOfNode.set(id, run);
      const perRun = touchedBy.get(id) ?? new Map();
      if (!wrote && perRun.get(run.id)?.role === "wrote") continue;
      perRun.set(run.id, { run, role: wrote ? "wrote" : "read" });
      touchedBy.set(id, perRun);
    }
  }
  const runsOf = (id: string): LineageNodeRun[] =>
    [...(touchedBy.get(id)?.values() ?? [])]
      .map(({ run, role }) => ({ id: run.id, metricKey: run.metric_key, status: run.status, startedAt: iso(run.started_at)!, finishedAt: iso(run.finished_at), role }))
      .sort((a, b) => a.startedAt.localeCompare(b.startedAt) || a.metricKey.localeCompare(b.metricKey));
  const readsOf = (id: string) =>
    edgeRows
      .filter((e) => e.from_kind === "table" && e.to_kind === "job" && nodeId(e.from_kind, e.from_name) === id)
      .map((e) => ({ metricKey: runs.find((r) => r.id === e.run_id)!.metric_key, runId: e.run_id, columns: e.columns }))
      .sort((a, b) => a.metricKey.localeCompare(b.metricKey));
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
      const freshness = tableChecks.find((c) => c.check === "freshness")?.actual ?? null;
      return { id, kind, name, side, rowCount: rows ? Number(rows) : null, freshness, runId: null, runStatus: null, sql: null, columns, checks: tableChecks, runs: runsOf(id), reads: readsOf(id), title: null, formula: null };
    }
    const bare = { runs: runsOf(id), reads: [], title: null, formula: null };
    const imported = kind === "file" ? importOf.get(id) : undefined;
    if (imported) return { id, kind, name, side, rowCount: imported.rows_loaded, freshness: iso(imported.finished_at), runId: null, runStatus: null, sql: null, columns, checks: [], ...bare };
    if (kind === "system" || !run) return { id, kind, name, side, rowCount: null, freshness: null, runId: null, runStatus: null, sql: null, columns, checks: [], ...bare };
    const inputRows = Object.values(run.input_row_counts ?? {}).reduce((s, n) => s + Number(n), 0);
    // A metric node shows every check behind its run, so a bad source table is visible on the metric itself.
    const nodeChecks = kind === "metric" ? checks.filter((c) => c.runId === run.id).map(({ runId: _runId, ...c }) => c) : checksOf(id);
    const definition = kind === "metric" ? metricDefinitionSchema.safeParse(run.definition) : null;
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
      ...bare,
      title: definition?.success ? definition.data.name : null,
      formula: definition?.success ? describeFormula(definition.data) : null,
    };
  });
  return { metricKey: key, nodes, edges: edges.map((e) => ({ from: e.from, to: e.to, columns: e.columns })) };
}
