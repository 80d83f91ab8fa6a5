import { authorizePage } from "@/lib/auth/authorize";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { DefinitionDiffView } from "@/components/metrics/definition-diff-view";
import { DefinitionVersionsTable } from "@/components/metrics/definition-versions-table";
import { Callout } from "@/components/ui/callout";
import { Card } from "@/components/ui/card";
import { getReadWarehouse } from "@/lib/db/read-warehouse";
import { resolveDefinitionPageState } from "@/lib/metrics/definition-page-state";
import { formatInstant } from "@/lib/metrics/format";
import { getDefinitionDiffOrThrow } from "@/lib/metrics/queries/get-definition-diff-or-throw";
import { listDefinitionVersionsOrThrow } from "@/lib/metrics/queries/list-definition-versions-or-throw";

import { loadMetric } from "../_components/load-metric";
import { Breadcrumbs } from "@/components/ui/breadcrumbs";

export const dynamic = "force-dynamic";

type Params = Promise<{ key: string }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;


export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  await authorizePage("view");
  const metric = await loadMetric((await params).key);
  return { title: metric ? `Definition of ${metric.name}` : "Metric not found" };
}

export default async function DefinitionPage({
  params,
  searchParams,
}: {
  params: Params;
  searchParams: SearchParams;
}) {
  const viewer = await authorizePage("view");
  const { key } = await params;
  const metric = await loadMetric(key);
  if (!metric) notFound();
  const wh = await getReadWarehouse();
  const list = await listDefinitionVersionsOrThrow(wh, viewer, key);
  const state = resolveDefinitionPageState(
    list.versions.map((v) => v.id),
    list.currentVersionId,
    await searchParams,
  );
  const shown = list.versions.find((v) => v.id === state.shown);
  const diff = state.diff ? await getDefinitionDiffOrThrow(wh, viewer, key, state.diff) : null;

  return (
    <div className="space-y-6">
      <Breadcrumbs trail={[{ href: "/metrics", label: "Metrics" }, { href: `/metrics/${key}`, label: metric.name }]} current="Definition" />

      <header className="space-y-2">
        <h1 className="text-2xl font-semibold tracking-tight">Definition of {metric.name}</h1>
        <p className="text-muted max-w-3xl">
          The metric file as written, what it computes in plain words, and the SQL its runs
          executed; every version the pipeline has loaded, what changed between any two, and which
          stored points each one produced.
        </p>
      </header>

      {state.warnings.length ? (
        <Callout
          tone="warning"
          title={
            state.warnings.length === 1
              ? "One setting in the link was ignored"
              : `${state.warnings.length} settings in the link were ignored`
          }
        >
          <ul className="list-disc space-y-0.5 pl-4">
            {state.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </Callout>
      ) : null}

      {shown ? (
        <section aria-labelledby="shown-heading" className="space-y-3">
          <h2 id="shown-heading" className="text-lg font-semibold">
            Version <span className="font-mono text-base">{shown.id}</span>{" "}
            {shown.current ? "(current)" : "(not current)"}
          </h2>
          <p className="text-muted text-sm">
            First loaded <time dateTime={shown.loadedAt}>{formatInstant(shown.loadedAt)}</time> from{" "}
            {shown.filePath}; content hash{" "}
            <span className="font-mono text-xs break-all">{shown.contentHash}</span>.
          </p>
          <div className="grid grid-cols-1 items-start gap-4 xl:grid-cols-[minmax(0,5fr)_minmax(0,3fr)_minmax(0,5fr)]">
            <Card as="section" aria-labelledby="yaml-heading" className="min-w-0 p-4">
              <h3 id="yaml-heading" className="font-semibold">
                As written (YAML)
              </h3>
              <pre
                tabIndex={0}
                aria-labelledby="yaml-heading"
                className="bg-raised text-fg mt-2 max-h-[32rem] overflow-auto rounded-md p-3 font-mono text-xs break-words whitespace-pre-wrap"
              >
                {shown.source}
              </pre>
            </Card>
            <Card as="section" aria-labelledby="words-heading" className="min-w-0 p-4">
              <h3 id="words-heading" className="font-semibold">
                In plain words
              </h3>
              {shown.formula ? (
                <p className="text-fg mt-2">{shown.formula}</p>
              ) : (
                <p className="text-muted mt-2">
                  This stored version no longer reads as a valid definition.
                </p>
              )}
              <p className="text-muted mt-3 text-sm">{metric.description}</p>
            </Card>
            <Card as="section" aria-labelledby="sql-heading" className="min-w-0 p-4">
              <h3 id="sql-heading" className="font-semibold">
                Compiled SQL
              </h3>
              {shown.sql && shown.sqlRunId ? (
                <>
                  <p className="text-muted mt-1 text-xs">
                    Executed by the latest run of this version,{" "}
                    <Link className="text-accent underline" href={`/runs/${shown.sqlRunId}`}>
                      run {shown.sqlRunId.slice(0, 8)}
                    </Link>
                    .
                  </p>
                  <pre
                    tabIndex={0}
                    aria-labelledby="sql-heading"
                    className="bg-raised text-fg mt-2 max-h-[32rem] overflow-auto rounded-md p-3 font-mono text-xs break-words whitespace-pre-wrap"
                  >
                    {shown.sql}
                  </pre>
                </>
              ) : (
                <p className="text-muted mt-2">
                  This version has not been run yet, so no SQL was executed with it.
                </p>
              )}
            </Card>
          </div>
        </section>
      ) : null}

      <Card as="section" aria-labelledby="versions-heading" className="p-5">
        <h2 id="versions-heading" className="font-semibold">
          Versions
        </h2>
        <p className="text-muted mt-1 text-sm">
          {list.versions.length} version{list.versions.length === 1 ? "" : "s"}, newest first. A
          stored point counts for the version whose run wrote it last.
        </p>
        <div className="mt-3">
          <DefinitionVersionsTable metricKey={key} versions={list.versions} state={state} />
        </div>
      </Card>

      <Card as="section" aria-labelledby="diff-heading" className="p-5">
        <h2 id="diff-heading" className="scroll-mt-20 font-semibold">
          <span id="diff">Compare versions</span>
        </h2>
        {state.diff && diff ? (
          <>
            <form
              method="get"
              action={`/metrics/${key}/definition#diff`}
              className="mt-3 flex flex-wrap items-end gap-3 text-sm"
            >
              <input type="hidden" name="version" value={state.shown} />
              {(["from", "to"] as const).map((name) => (
                <label key={name} className="flex w-full min-w-0 flex-col gap-1 sm:w-auto">
                  <span className="font-medium">
                    {name === "from" ? "From version" : "To version"}
                  </span>
                  <select
                    name={name}
                    defaultValue={state.diff?.[name]}
                    className="border-line-strong bg-surface text-fg w-full max-w-full rounded-md border px-2 py-1.5 font-mono text-xs sm:w-auto"
                  >
                    {list.versions.map((v) => (
                      <option key={v.id} value={v.id}>
                        {v.id} · {formatInstant(v.loadedAt)}
                        {v.current ? " · current" : ""}
                      </option>
                    ))}
                  </select>
                </label>
              ))}
              <button
                type="submit"
                className="bg-accent text-on-accent rounded-md px-3 py-1.5 font-medium hover:opacity-90"
              >
                Compare
              </button>
            </form>
            <p className="text-muted mt-3 text-sm">
              From <span className="font-mono text-xs">{diff.from.id}</span> (loaded{" "}
              {formatInstant(diff.from.loadedAt)}) to{" "}
              <span className="font-mono text-xs">{diff.to.id}</span> (loaded{" "}
              {formatInstant(diff.to.loadedAt)}).
            </p>
            <div className="mt-3">
              <DefinitionDiffView diff={diff} />
            </div>
          </>
        ) : (
          <p className="text-muted mt-2 text-sm">
            Only one version of this definition is stored; a comparison needs two. Editing the
            metric file and computing again records a new version.
          </p>
        )}
      </Card>
    </div>
  );
}
