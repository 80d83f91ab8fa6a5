import { authorizePage } from "@/lib/auth/authorize";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { cache, type ReactNode } from "react";
import { RunStatus } from "@/components/metrics/run-status";
import { QualityCheckList } from "@/components/quality/quality-check-list";
import { Card } from "@/components/ui/card";
import { getWarehouse } from "@/lib/db";
import { NotFoundError } from "@/lib/http/errors";
import { formatInstant } from "@/lib/metrics/format";
import { getRunOrThrow } from "@/lib/runs/queries";
import { formatDuration } from "@/lib/runs/run-schema";

export const dynamic = "force-dynamic";

type Params = Promise<{ id: string }>;

const loadRun = cache(async (id: string) => {
  const viewer = await authorizePage("runs");
  try {
    return await getRunOrThrow(await getWarehouse(), viewer, decodeURIComponent(id));
  } catch (error) {
    if (error instanceof NotFoundError) return null;
    throw error;
  }
});

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  await authorizePage("runs");
  const run = await loadRun((await params).id);
  return { title: run ? `Run of ${run.metricKey}` : "Run not found" };
}

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[11rem_1fr] gap-2 py-1.5">
      <dt className="text-muted">{term}</dt>
      <dd className="min-w-0 break-words text-fg">{children}</dd>
    </div>
  );
}

export default async function RunPage({ params }: { params: Params }) {
  await authorizePage("runs");
  const run = await loadRun((await params).id);
  if (!run) notFound();
  return (
    <div className="mx-auto max-w-6xl space-y-4 px-4 py-6">
      <p className="text-sm"><Link className="underline" href="/runs">All runs</Link></p>
      <h1 className="text-2xl font-semibold text-fg">
        Run of <Link className="underline" href={`/metrics/${run.metricKey}`}>{run.metricKey}</Link>
      </h1>
      <Card as="section" className="p-4" aria-labelledby="run-facts">
        <h2 id="run-facts" className="sr-only">Facts</h2>
        <dl className="text-sm">
          <Fact term="Run id"><span className="font-mono">{run.id}</span></Fact>
          <Fact term="Status"><RunStatus lastRun={{ id: run.id, status: run.status, startedAt: run.startedAt, finishedAt: run.finishedAt, error: run.error }} /></Fact>
          <Fact term="Started">{formatInstant(run.startedAt)}</Fact>
          <Fact term="Ended">{run.finishedAt ? formatInstant(run.finishedAt) : "not yet"}</Fact>
          <Fact term="Duration">{formatDuration(run.durationMs)}</Fact>
          <Fact term="Code version"><span className="font-mono">{run.codeVersion ?? "unknown"}</span></Fact>
          <Fact term="Definition version"><span className="font-mono">{run.definitionVersionId}</span></Fact>
          <Fact term="Input rows">
            {Object.keys(run.inputRowCounts).length === 0 ? "none recorded" : (
              <ul>
                {Object.entries(run.inputRowCounts).map(([input, n]) => (
                  <li key={input}><span className="font-mono">{input}</span>: {n.toLocaleString("en-US")}</li>
                ))}
              </ul>
            )}
          </Fact>
          <Fact term="Output rows">{run.outputRows?.toLocaleString("en-US") ?? "–"}</Fact>
          <Fact term="Points still stored">{run.storedPoints.toLocaleString("en-US")}</Fact>
        </dl>
      </Card>
      {run.error ? (
        <Card as="section" className="p-4" aria-labelledby="run-error">
          <h2 id="run-error" className="mb-2 font-semibold text-bad">Error</h2>
          <pre className="text-sm whitespace-pre-wrap text-fg">{run.error}</pre>
        </Card>
      ) : null}
      <Card as="section" id="quality-checks" className="scroll-mt-20 p-4" aria-labelledby="run-checks">
        <h2 id="run-checks" className="mb-2 font-semibold text-fg">Quality checks</h2>
        <QualityCheckList checks={run.checks} />
      </Card>
      <Card as="section" className="p-4" aria-labelledby="run-sql">
        <h2 id="run-sql" className="mb-2 font-semibold text-fg">SQL executed</h2>
        <pre tabIndex={0} className="max-h-[32rem] overflow-auto rounded bg-raised p-3 text-xs text-fg">{run.sql}</pre>
      </Card>
    </div>
  );
}
