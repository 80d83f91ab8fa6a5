"use client";

import { useMemo, useState } from "react";
import type { MetricLineage } from "@/lib/lineage/graph-schema";
import { LazyLineageGraph } from "./lazy-lineage-graph";
import { LineageDetails } from "./lineage-details";
import { LineageList } from "./lineage-list";
import { graphRows, LINEAGE_DETAILS_ID, orderLineageNodes, summariseChecks } from "./lineage-summary";

type View = "graph" | "list";

/** A metric's lineage as a graph or a plain list, with the chosen node's details below. */
export function LineagePanel({ lineage }: { lineage: MetricLineage }) {
  const [view, setView] = useState<View>("graph");
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const nodes = useMemo(() => orderLineageNodes(lineage), [lineage]);
  const summaries = useMemo(() => summariseChecks(lineage), [lineage]);
  const nodesById = useMemo(() => new Map(nodes.map((n) => [n.id, n])), [nodes]);
  const selected = selectedId ? nodesById.get(selectedId) : undefined;
  // The canvas is as tall as the graph's widest rank needs, within bounds.
  const height = Math.min(520, Math.max(180, graphRows(lineage) * 136 + 60));
  const toggle = (v: View, label: string) => (
    <button
      type="button"
      aria-pressed={view === v}
      onClick={() => setView(v)}
      className="rounded-md px-3 py-1 font-medium text-muted hover:text-fg aria-pressed:bg-surface aria-pressed:text-fg aria-pressed:shadow-sm aria-pressed:ring-1 aria-pressed:ring-line"
    >
      {label}
    </button>
  );
  return (
    <div className="space-y-3">
      <div role="group" aria-label="Show lineage as" className="inline-flex rounded-lg border border-line bg-raised p-0.5 text-sm">
        {toggle("graph", "Graph")}
        {toggle("list", "List")}
      </div>
      {view === "graph" ? (
        // Reserves the toolbar and canvas while React Flow loads, so nothing below jumps.
        <div style={{ minHeight: height + 34 }}>
          <LazyLineageGraph nodes={nodes} edges={lineage.edges} summaries={summaries} selectedId={selectedId} onOpen={setSelectedId} height={height} />
        </div>
      ) : (
        <LineageList nodes={nodes} edges={lineage.edges} summaries={summaries} selectedId={selectedId} onOpen={setSelectedId} />
      )}
      <section id={LINEAGE_DETAILS_ID} aria-label={selected ? `Details of ${selected.kind} ${selected.name}` : "Node details"} className="rounded-lg border border-line bg-canvas p-4">
        {selected ? (
          <LineageDetails node={selected} summary={summaries.get(selected.id)} nodesById={nodesById} edges={lineage.edges} />
        ) : (
          <p className="text-sm text-muted">Choose a node to see its columns, SQL, quality checks with their messages, and the runs that touched it.</p>
        )}
      </section>
    </div>
  );
}
