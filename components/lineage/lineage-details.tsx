import Link from "next/link";
import type { ReactNode } from "react";
import { QualityCheckList } from "@/components/quality/quality-check-list";
import type { LineageEdge, LineageNode } from "@/lib/lineage/graph-schema";
import { formatInstant } from "@/lib/metrics/format";
import { CheckBadge } from "./check-badge";
import { KindIcon } from "./kind-icon";
import { CHECK_LABELS, freshnessWords, incomingEdgeWords, KIND_LABELS, rowCountWords, type CheckSummary } from "./lineage-summary";

const SIDE_WORDS: Record<LineageNode["side"], string> = { upstream: "Upstream of this metric", self: "This metric", downstream: "Downstream: reads this metric" };

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[7rem_1fr] gap-2 py-1.5">
      <dt className="text-muted">{term}</dt>
      <dd className="min-w-0 break-words text-fg">{children}</dd>
    </div>
  );
}

function SubHeading({ children }: { children: ReactNode }) {
  return <h4 className="mt-4 mb-1.5 text-sm font-semibold text-fg">{children}</h4>;
}

// min-h-6: 24px targets (WCAG 2.5.8) where links stack.
const runLink = "inline-block min-h-6 py-1 font-mono text-xs text-accent underline";

/** Everything known about one node: facts, columns read and by whom, SQL, checks with messages, runs. */
export function LineageDetails({ node, summary, nodesById, edges }: { node: LineageNode; summary: CheckSummary | undefined; nodesById: ReadonlyMap<string, LineageNode>; edges: readonly LineageEdge[] }) {
  const reads = incomingEdgeWords(edges, node.id, nodesById);
  const feeds = edges.filter((e) => e.from === node.id).map((e) => nodesById.get(e.to)).filter((n): n is LineageNode => n !== undefined);
  const inGraph = new Set([...nodesById.values()].filter((n) => n.kind === "metric").map((n) => n.name));
  return (
    <div className="text-sm">
      <h3 className="flex flex-wrap items-center gap-2 font-semibold">
        <span className="inline-flex items-center gap-1 rounded-full border border-line px-2 py-0.5 text-xs font-medium text-muted">
          <KindIcon kind={node.kind} />
          {KIND_LABELS[node.kind]}
        </span>
        <span className="break-all">{node.name}</span>
      </h3>
      {node.title ? <p className="mt-1 text-muted">{node.title}</p> : null}
      {node.restricted ? (
        <p className="mt-1 text-muted">Restricted: this table&apos;s columns, row counts and checks are only shown to the groups it is shared with.</p>
      ) : null}

      <dl className="mt-2 divide-y divide-line">
        <Fact term="Position">{SIDE_WORDS[node.side]}</Fact>
        {rowCountWords(node) ? <Fact term={node.kind === "job" ? "Rows read" : node.kind === "table" ? "Rows" : "Points"}>{rowCountWords(node)}</Fact> : null}
        {freshnessWords(node) ? <Fact term="Freshness">{freshnessWords(node)}</Fact> : null}
        {node.runId ? (
          <Fact term="Latest run">
            <Link href={`/runs/${encodeURIComponent(node.runId)}`} className={runLink}>
              {node.runId}
            </Link>
            {node.runStatus ? <span className="ml-2 text-xs text-muted">{node.runStatus}</span> : null}
          </Fact>
        ) : null}
        {reads.length ? (
          <Fact term="Reads">
            <ul className="space-y-0.5">
              {reads.map((r) => (
                <li key={r}>{r.replace(/^reads /, "")}</li>
              ))}
            </ul>
          </Fact>
        ) : null}
        {feeds.length ? <Fact term="Feeds">{feeds.map((n) => `${KIND_LABELS[n.kind].toLowerCase()} ${n.name}`).join(", ")}</Fact> : null}
      </dl>

      {node.kind === "metric" ? (
        <>
          <SubHeading>Formula</SubHeading>
          <p className="text-fg">{node.formula ?? "Not recorded with this run."}</p>
          <ul className="mt-1 space-y-0.5">
            {node.side !== "self" ? (
              <li>
                <Link href={`/metrics/${encodeURIComponent(node.name)}`} className="inline-block min-h-6 py-0.5 text-accent underline">
                  Open {node.title ?? node.name}: chart and lineage
                </Link>
              </li>
            ) : null}
            <li>
              <Link href={`/metrics/${encodeURIComponent(node.name)}/definition`} className="inline-block min-h-6 py-0.5 text-accent underline">
                Definition of {node.title ?? node.name} as written, compiled SQL and version history
              </Link>
            </li>
          </ul>
        </>
      ) : null}

      {node.kind === "table" && node.reads.length ? (
        <>
          <SubHeading>Columns read, by metric</SubHeading>
          <table className="w-full text-left text-sm">
            <thead className="text-xs text-muted">
              <tr>
                <th scope="col" className="py-1 pr-3 font-medium">Metric</th>
                <th scope="col" className="py-1 pr-3 font-medium">Columns</th>
                <th scope="col" className="py-1 font-medium">Run</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-line">
              {node.reads.map((r) => (
                <tr key={r.runId} className="align-top">
                  <td className="py-1 pr-3">
                    <Link href={`/metrics/${encodeURIComponent(r.metricKey)}`} className="inline-block min-h-6 py-0.5 text-accent underline">
                      {r.metricKey}
                    </Link>
                    {inGraph.has(r.metricKey) ? <span className="ml-1 text-xs text-muted">(in this graph)</span> : null}
                  </td>
                  <td className="py-1 pr-3 font-mono text-xs text-fg">{r.columns.join(", ")}</td>
                  <td className="py-1">
                    <Link href={`/runs/${encodeURIComponent(r.runId)}`} className={runLink} aria-label={`Run ${r.runId} of ${r.metricKey}`}>
                      {r.runId.slice(0, 8)}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}

      {node.kind === "job" && node.sql ? (
        <>
          <SubHeading>SQL as executed</SubHeading>
          <pre tabIndex={0} aria-label={`SQL of ${node.name}`} className="max-h-80 overflow-auto rounded-md bg-raised p-3 font-mono text-xs text-fg">
            {node.sql}
          </pre>
        </>
      ) : null}

      {summary && summary.upstreamProblems.length ? (
        <>
          <SubHeading>Problems upstream</SubHeading>
          <ul className="space-y-1.5">
            {summary.upstreamProblems.map(({ check, nodeId }) => (
              <li key={check.id} className="flex flex-col items-start gap-0.5">
                <CheckBadge tone={check.status === "fail" ? "fail" : "warn"}>{`${CHECK_LABELS[check.check]} ${check.status === "fail" ? "failed" : "warned"} at ${nodesById.get(nodeId)?.name ?? check.nodeName}`}</CheckBadge>
                <span className="text-fg">{check.message}</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}

      {node.kind !== "system" && node.kind !== "file" ? (
        <>
          <SubHeading>{node.kind === "metric" ? "Checks behind its latest run" : "Checks at this node"}</SubHeading>
          {summary && summary.own.length ? <QualityCheckList checks={summary.own} /> : <p className="text-muted">No checks are recorded at this node.</p>}
        </>
      ) : null}

      {node.runs.length ? (
        <>
          <SubHeading>Runs that touched it</SubHeading>
          <ul className="space-y-1">
            {node.runs.map((r) => (
              <li key={r.id} className="flex flex-wrap items-baseline gap-x-2">
                <Link href={`/runs/${encodeURIComponent(r.id)}`} className={runLink} aria-label={`Run ${r.id} of ${r.metricKey}`}>
                  {r.id.slice(0, 8)}
                </Link>
                <span className="text-fg">
                  {r.metricKey} {r.role === "wrote" ? "wrote it" : "read it"}
                </span>
                <span className="text-xs text-muted">
                  {r.status}
                  {r.finishedAt ? `, finished ${formatInstant(r.finishedAt)}` : ""}
                </span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}
