import type { LineageEdge, LineageNode } from "@/lib/lineage/graph-schema";
import { LineageNodeFace } from "./lineage-node-face";
import { incomingEdgeWords, LINEAGE_DETAILS_ID, nodeSentence, type CheckSummary } from "./lineage-summary";

/** The lineage as a plain ordered list, upstream first: each node's facts and what it reads from. */
export function LineageList({
  nodes,
  edges,
  summaries,
  selectedId,
  onOpen,
}: {
  nodes: readonly LineageNode[];
  edges: readonly LineageEdge[];
  summaries: ReadonlyMap<string, CheckSummary>;
  selectedId: string | null;
  onOpen: (id: string) => void;
}) {
  const nodesById = new Map(nodes.map((n) => [n.id, n]));
  return (
    <ol className="divide-y divide-line rounded-lg border border-line" aria-label="Lineage, upstream first">
      {nodes.map((node) => {
        const reads = incomingEdgeWords(edges, node.id, nodesById);
        return (
          <li key={node.id} className={`px-3 py-2 ${node.side === "self" ? "bg-accent-soft" : ""}`}>
            <button
              type="button"
              data-lineage-list-node={node.id}
              aria-label={nodeSentence(node, summaries.get(node.id), nodesById)}
              aria-expanded={node.id === selectedId}
              aria-controls={LINEAGE_DETAILS_ID}
              onClick={() => onOpen(node.id)}
              className={`w-full cursor-pointer rounded-md p-1 text-left hover:bg-raised ${node.id === selectedId ? "ring-2 ring-accent" : ""}`}
            >
              <LineageNodeFace node={node} summary={summaries.get(node.id)} nodesById={nodesById} />
            </button>
            {reads.length ? (
              <ul className="mt-1 ml-1 space-y-0.5 text-xs text-muted">
                {reads.map((r) => (
                  <li key={r}>
                    <span aria-hidden>← </span>
                    {r.charAt(0).toUpperCase() + r.slice(1)}
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}
