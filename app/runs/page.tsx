import { authorizePage } from "@/lib/auth/authorize";
import type { Metadata } from "next";
import Link from "next/link";
import { RunStatus } from "@/components/metrics/run-status";
import { Callout } from "@/components/ui/callout";
import { Card } from "@/components/ui/card";
import { getWarehouse } from "@/lib/db";
import { formatInstant } from "@/lib/metrics/format";
import { listRuns } from "@/lib/runs/queries";
import { listImportRuns } from "@/lib/import/queries/list-import-runs";
import { ImportRunsTable } from "@/components/runs/import-runs-table";
import { formatDuration, listRunsQuerySchema } from "@/lib/runs/run-schema";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Runs" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function toRecord(raw: Record<string, string | string[] | undefined>): Record<string, string | string[]> {
  return Object.fromEntries(Object.entries(raw).filter((e): e is [string, string | string[]] => e[1] !== undefined));
}

export default async function RunsPage({ searchParams }: { searchParams: SearchParams }) {
  const viewer = await authorizePage("runs");
  const raw = toRecord(await searchParams);
  const parsed = listRunsQuerySchema.safeParse(raw);
  const query = parsed.success ? parsed.data : listRunsQuerySchema.parse({});
  const wh = await getWarehouse();
  const [data, imports] = await Promise.all([listRuns(wh, viewer, query), listImportRuns(wh.sql)]);
  const pages = Math.max(1, Math.ceil(data.total / data.pageSize));
  const href = (page: number) =>
    `/runs?${new URLSearchParams({ ...(query.metric ? { metric: query.metric } : {}), ...(query.status ? { status: query.status } : {}), ...(query.definitionVersion ? { definitionVersion: query.definitionVersion } : {}), page: String(page) })}`;
  return (
    <div className="mx-auto max-w-6xl space-y-4 px-4 py-6">
      <h1 className="text-2xl font-semibold text-fg">Runs</h1>
      {!parsed.success ? <Callout tone="warning" title="Some filters were ignored">Not understood: {parsed.error.issues.map((i) => i.path.join(".")).join(", ")}.</Callout> : null}
      <p className="text-muted">
        {data.total} run{data.total === 1 ? "" : "s"}
        {query.metric ? <> of <Link className="underline" href={`/metrics/${query.metric}`}>{query.metric}</Link></> : null}
        {query.status ? <> with status {query.status}</> : null}
        {query.definitionVersion ? <> computed with definition version <span className="font-mono text-sm">{query.definitionVersion}</span></> : null}, newest first.
        {query.metric || query.status || query.definitionVersion ? <> <Link className="underline" href="/runs">Show all runs</Link>.</> : null}
      </p>
      <Card className="overflow-x-auto">
        <table className="w-full text-sm">
          <caption className="sr-only">Pipeline runs, newest first</caption>
          <thead className="text-left text-muted">
            <tr>
              {["Run", "Metric", "Status", "Started", "Duration", "Rows in", "Rows out", "Code version"].map((h) => (
                <th key={h} scope="col" className="px-3 py-2 font-medium">{h}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {data.runs.map((r) => (
              <tr key={r.id} className="border-t border-line">
                <td className="px-3 py-2 font-mono text-xs"><Link className="underline" href={`/runs/${r.id}`}>{r.id.slice(0, 8)}<span className="sr-only"> (run {r.id})</span></Link></td>
                <td className="px-3 py-2"><Link className="underline" href={`/runs?metric=${r.metricKey}`}>{r.metricKey}</Link></td>
                <td className="px-3 py-2"><RunStatus lastRun={{ id: r.id, status: r.status, startedAt: r.startedAt, finishedAt: r.finishedAt, error: null }} /></td>
                <td className="px-3 py-2 whitespace-nowrap">{formatInstant(r.startedAt)}</td>
                <td className="px-3 py-2 tabular-nums">{formatDuration(r.durationMs)}</td>
                <td className="px-3 py-2 text-right tabular-nums">{r.inputRows.toLocaleString("en-US")}</td>
                <td className="px-3 py-2 text-right tabular-nums">{r.outputRows?.toLocaleString("en-US") ?? "–"}</td>
                <td className="px-3 py-2 font-mono text-xs">{r.codeVersion ?? "–"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
      <nav aria-label="Pages of runs" className="flex items-center gap-3 text-sm">
        {query.page > 1 ? <Link className="underline" href={href(query.page - 1)}>Previous page</Link> : null}
        <span className="text-muted">Page {query.page} of {pages}</span>
        {query.page < pages ? <Link className="underline" href={href(query.page + 1)}>Next page</Link> : null}
      </nav>
      <ImportRunsTable imports={imports} />
    </div>
  );
}
