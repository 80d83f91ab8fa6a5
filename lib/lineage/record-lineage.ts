import "server-only";
import type { SqlExecutor } from "@/lib/db";
import type { CompiledMetric } from "@/lib/metrics/compiler";
import { lineageNodeNames, type LineageEdgeRecord } from "./node-names";

/** The hops of one run: system -> table (columns read) -> job -> rollup -> metric, or input metrics -> job. */
export function lineageEdgesOf(compiled: CompiledMetric, system: string): LineageEdgeRecord[] {
  const n = lineageNodeNames(compiled.key);
  const tail: LineageEdgeRecord[] = [
    { fromKind: "job", fromName: n.job, toKind: "rollup", toName: n.rollup, columns: [] },
    { fromKind: "rollup", fromName: n.rollup, toKind: "metric", toName: n.metric, columns: [] },
  ];
  if (compiled.input.kind === "metrics") {
    return [...compiled.input.keys.map((k) => ({ fromKind: "metric" as const, fromName: k, toKind: "job" as const, toName: n.job, columns: ["value"] })), ...tail];
  }
  const table = `${compiled.input.schema}.${compiled.input.table}`;
  return [
    { fromKind: "system", fromName: system, toKind: "table", toName: table, columns: compiled.input.columns },
    { fromKind: "table", fromName: table, toKind: "job", toName: n.job, columns: compiled.input.columns },
    ...tail,
  ];
}

export async function recordLineage(tx: SqlExecutor, runId: string, edges: readonly LineageEdgeRecord[]): Promise<void> {
  for (const e of edges) {
    await tx.query(
      `INSERT INTO lineage_edge (run_id, from_kind, from_name, to_kind, to_name, columns) VALUES ($1, $2, $3, $4, $5, $6::jsonb) ON CONFLICT DO NOTHING`,
      [runId, e.fromKind, e.fromName, e.toKind, e.toName, JSON.stringify(e.columns)],
    );
  }
}
