import type { LineageNode } from "@/lib/lineage/graph-schema";
import { CheckBadge } from "./check-badge";
import { KindIcon } from "./kind-icon";
import { freshnessWords, KIND_LABELS, ownCheckShortWords, ownCheckWords, rowCountWords, upstreamCheckShortWords, upstreamCheckWords, type CheckSummary } from "./lineage-summary";

/** What a node shows at a glance: kind (icon and word), name, row count, freshness, checks. Shared by the graph and the list. */
export function LineageNodeFace({ node, summary, nodesById, fixedSize = false }: { node: LineageNode; summary: CheckSummary | undefined; nodesById: ReadonlyMap<string, LineageNode>; fixedSize?: boolean }) {
  const rows = rowCountWords(node);
  const fresh = freshnessWords(node);
  // A graph node has room for the short words; the list and the details pane give the full ones.
  const own = summary ? (fixedSize ? ownCheckShortWords(summary.own) : ownCheckWords(summary.own)) : null;
  const upstream = summary ? (fixedSize ? upstreamCheckShortWords(summary.upstreamProblems) : upstreamCheckWords(summary.upstreamProblems, nodesById)) : null;
  const line = fixedSize ? "block truncate" : "block";
  return (
    <span className="flex min-w-0 flex-col gap-0.5 text-left">
      <span className="flex items-center gap-1.5 text-[11px] font-medium tracking-wide text-muted uppercase">
        <KindIcon kind={node.kind} />
        {KIND_LABELS[node.kind]}
        {node.side === "self" ? <span className="ml-auto rounded-full bg-accent px-1.5 text-[10px] tracking-normal text-on-accent normal-case">This metric</span> : null}
      </span>
      <span className={`${line} text-sm font-semibold text-fg`}>{node.name}</span>
      {fixedSize ? (
        <>
          {rows ? <span className={`${line} text-xs text-muted`}>{rows}</span> : null}
          {fresh ? <span className={`${line} text-xs text-muted`}>{fresh}</span> : null}
        </>
      ) : rows || fresh ? (
        <span className="block text-xs text-muted">{[rows, fresh].filter(Boolean).join(" · ")}</span>
      ) : null}
      <span className={fixedSize ? "mt-0.5 flex min-w-0 flex-col items-start gap-0.5" : "mt-0.5 flex flex-wrap gap-1"}>
        {own && (own.tone !== "none" || (node.kind !== "system" && node.kind !== "file")) ? (
          <CheckBadge tone={own.tone} truncate={fixedSize}>
            {own.words}
          </CheckBadge>
        ) : null}
        {upstream ? (
          <CheckBadge tone="upstream" truncate={fixedSize}>
            {upstream}
          </CheckBadge>
        ) : null}
      </span>
    </span>
  );
}
