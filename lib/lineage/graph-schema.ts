// GET /api/metrics/{key}/lineage: the graph upstream and downstream of a metric. Pure.
import { z } from "zod";
import { qualityCheckSchema } from "@/lib/quality/check-schema";
import { lineageNodeKindSchema } from "./node-names";

/** A latest run whose lineage touches a node: it wrote the node (its own job, rollup, metric) or read it. */
export const lineageNodeRunSchema = z.object({
  id: z.string(),
  metricKey: z.string(),
  status: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  role: z.enum(["wrote", "read"]),
});
export type LineageNodeRun = z.infer<typeof lineageNodeRunSchema>;

/** Columns one metric's latest run read from a table node. */
export const lineageTableReadSchema = z.object({ metricKey: z.string(), runId: z.string(), columns: z.array(z.string()) });
export type LineageTableRead = z.infer<typeof lineageTableReadSchema>;

export const lineageNodeSchema = z.object({
  /** kind:name, unique in the graph. */
  id: z.string(),
  kind: lineageNodeKindSchema,
  name: z.string(),
  /** "upstream", "downstream" or "self" relative to the metric asked for. */
  side: z.enum(["upstream", "self", "downstream"]),
  /** table: its rows; job: rows read; rollup and metric: points stored. */
  rowCount: z.number().nullable(),
  /** table: latest time value; job, rollup, metric: when the run finished. */
  freshness: z.string().nullable(),
  /** The run behind a job, rollup or metric node. */
  runId: z.string().nullable(),
  runStatus: z.string().nullable(),
  /** The job's SQL as executed. */
  sql: z.string().nullable(),
  /** Columns read from a table node, for the panel. */
  columns: z.array(z.string()),
  /** Latest result of each check at this node. */
  checks: z.array(qualityCheckSchema),
  /** Every metric's latest run that wrote or read this node, oldest first. */
  runs: z.array(lineageNodeRunSchema),
  /** table: which metric read which of its columns, including metrics outside this graph. */
  reads: z.array(lineageTableReadSchema),
  /** metric: its display name and formula in words, from the definition version its run used. */
  title: z.string().nullable(),
  formula: z.string().nullable(),
  /** table: restricted to groups the viewer is not in, so its columns, counts, checks and reads are left out. */
  restricted: z.boolean().optional(),
});
export type LineageNode = z.infer<typeof lineageNodeSchema>;

export const lineageEdgeSchema = z.object({ from: z.string(), to: z.string(), columns: z.array(z.string()) });
export type LineageEdge = z.infer<typeof lineageEdgeSchema>;

export const metricLineageSchema = z.object({ metricKey: z.string(), nodes: z.array(lineageNodeSchema), edges: z.array(lineageEdgeSchema) });
export type MetricLineage = z.infer<typeof metricLineageSchema>;

/** One edge per (from, to): runs of different metrics record the same system -> table hop, each with the columns it read. */
export function mergeEdges(edges: readonly RawEdge[]): RawEdge[] {
  const merged = new Map<string, RawEdge>();
  for (const e of edges) {
    const id = `${e.from}\u0000${e.to}`;
    const prior = merged.get(id);
    merged.set(id, prior ? { ...prior, columns: [...new Set([...prior.columns, ...e.columns])] } : { from: e.from, to: e.to, columns: [...e.columns] });
  }
  return [...merged.values()];
}

export interface RawEdge {
  from: string;
  to: string;
  columns: string[];
}

/** Node ids reachable from start following edges forward (downstream) or backward (upstream), start excluded. */
export function reachable(edges: readonly RawEdge[], start: string, direction: "upstream" | "downstream"): Set<string> {
  const next = new Map<string, string[]>();
  for (const e of edges) {
    const [a, b] = direction === "downstream" ? [e.from, e.to] : [e.to, e.from];
    next.set(a, [...(next.get(a) ?? []), b]);
  }
  const seen = new Set<string>();
  const queue = [start];
  while (queue.length > 0) {
    for (const n of next.get(queue.shift()!) ?? []) {
      if (n === start || seen.has(n)) continue;
      seen.add(n);
      queue.push(n);
    }
  }
  return seen;
}
