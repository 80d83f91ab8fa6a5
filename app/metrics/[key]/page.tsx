import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { cache, type ReactNode } from "react";
import { z } from "zod";
import { MetricLineChart } from "@/components/metrics/metric-line-chart";
import { RunStatus } from "@/components/metrics/run-status";
import { SeriesTable } from "@/components/metrics/series-table";
import { Callout } from "@/components/ui/callout";
import { Card } from "@/components/ui/card";
import { SegmentedNav } from "@/components/ui/segmented-nav";
import { getWarehouse } from "@/lib/db";
import { NotFoundError } from "@/lib/http/errors";
import { metricKeyParamSchema } from "@/lib/metrics/api-schema";
import { finestGrain, summarizeSeries, toTotalRows, TOTAL_CATEGORY } from "@/lib/metrics/chart-rows";
import { type Grain, grainSchema } from "@/lib/metrics/definition-schema";
import { formatDirection, formatInstant, formatKind, formatUnit } from "@/lib/metrics/format";
import { getMetricOrThrow } from "@/lib/metrics/queries/get-metric-or-throw";
import { getMetricSeries } from "@/lib/metrics/queries/get-metric-series";

export const dynamic = "force-dynamic";

type Params = Promise<{ key: string }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** The page's own query string: a bad value falls back to the default instead of failing the page. */
const metricPageSearchParamsSchema = z.object({
  grain: grainSchema.optional().catch(undefined),
  view: z.enum(["chart", "table"]).catch("chart").default("chart"),
});

/** The metric, or null for a malformed or unknown key; one read per request, shared with generateMetadata. */
const loadMetric = cache(async (key: string) => {
  if (!metricKeyParamSchema.safeParse(key).success) return null;
  try {
    return await getMetricOrThrow(await getWarehouse(), key);
  } catch (error) {
    if (error instanceof NotFoundError) return null;
    throw error;
  }
});

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const metric = await loadMetric((await params).key);
  return { title: metric ? metric.name : "Metric not found" };
}

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[8rem_1fr] gap-2 py-2">
      <dt className="text-muted">{term}</dt>
      <dd className="min-w-0 break-words text-fg">{children}</dd>
    </div>
  );
}

export default async function MetricPage({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  const { key } = await params;
  const metric = await loadMetric(key);
  if (!metric) notFound();

  const raw = await searchParams;
  const query = metricPageSearchParamsSchema.parse(raw);
  const defaultGrain = finestGrain(metric.grains);
  const grain: Grain = query.grain && metric.grains.includes(query.grain) ? query.grain : defaultGrain;
  const ignoredGrain = typeof raw.grain === "string" && raw.grain !== grain ? raw.grain : null;
  const view = query.view;

  const series = await getMetricSeries(await getWarehouse(), metric.key, { grain, filters: {} });
  const format = { unit: metric.unit, ...(metric.currency ? { currency: metric.currency } : {}) };
  const summary = summarizeSeries(metric.name, grain, series.points, format, metric.dataThrough);
  const href = (g: Grain, v: "chart" | "table") => `/metrics/${metric.key}?grain=${g}${v === "table" ? "&view=table" : ""}`;
  const lastRun = metric.lastRun;

  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm text-muted">
        <ol className="flex items-center gap-1.5">
          <li>
            <Link href="/metrics" className="hover:text-fg hover:underline">
              Metrics
            </Link>
          </li>
          <li aria-hidden>/</li>
          <li aria-current="page" className="text-fg">
            {metric.name}
          </li>
        </ol>
      </nav>

      <header className="space-y-2">
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-semibold tracking-tight">{metric.name}</h1>
          <span className="rounded-full border border-line px-2 py-0.5 text-xs text-muted">{formatKind(metric.kind)}</span>
          {metric.headline ? <span className="rounded-full bg-accent-soft px-2 py-0.5 text-xs font-medium text-accent">Headline</span> : null}
        </div>
        <p className="max-w-3xl text-muted">{metric.description}</p>
        {metric.tags.length ? (
          <ul className="flex flex-wrap gap-1.5" aria-label="Tags">
            {metric.tags.map((tag) => (
              <li key={tag} className="rounded-full border border-line bg-surface px-2 py-0.5 text-xs text-muted">
                {tag}
              </li>
            ))}
          </ul>
        ) : null}
      </header>

      {lastRun?.status === "failed" ? (
        <Callout tone="error" title={`The last run failed (started ${formatInstant(lastRun.startedAt)})`}>
          <p>
            The values below, if any, are from an earlier successful run. The error was:
          </p>
          <pre className="mt-2 overflow-x-auto rounded-md bg-surface p-3 font-mono text-xs whitespace-pre-wrap text-fg">{lastRun.error ?? "No error message was recorded."}</pre>
        </Callout>
      ) : null}
      {ignoredGrain ? (
        <Callout tone="warning" title={`“${ignoredGrain}” is not a grain of this metric; showing ${grain}.`} />
      ) : null}

      <div className="grid grid-cols-1 items-start gap-6 lg:grid-cols-3">
        <Card as="section" aria-labelledby="series-heading" className="min-w-0 p-5 lg:col-span-2">
          <div className="flex flex-wrap items-center justify-between gap-3">
            <h2 id="series-heading" className="font-semibold">
              {metric.name} by {grain}
            </h2>
            <div className="flex flex-wrap items-center gap-2">
              <SegmentedNav label="Grain" items={metric.grains.map((g) => ({ label: g, href: href(g, view), current: g === grain }))} />
              <SegmentedNav
                label="Show as"
                items={[
                  { label: "Chart", href: href(grain, "chart"), current: view === "chart" },
                  { label: "Table", href: href(grain, "table"), current: view === "table" },
                ]}
              />
            </div>
          </div>
          {series.points.length > 0 ? (
            <p className="mt-2 text-sm text-muted" id="series-summary">
              {summary}
            </p>
          ) : null}
          <div className="mt-4">
            {series.points.length === 0 ? (
              <Callout title={`No data at ${grain} grain yet`}>
                <p>
                  Compute it with{" "}
                  <code className="rounded bg-raised px-1.5 py-0.5 font-mono text-fg">npm run triad -- compute --metric {metric.key}</code>.
                </p>
              </Callout>
            ) : view === "table" ? (
              <SeriesTable
                points={series.points}
                grain={grain}
                format={format}
                caption={`${metric.name} by ${grain}`}
                dataThrough={metric.dataThrough}
              />
            ) : (
              <figure aria-describedby="series-summary">
                <MetricLineChart
                  rows={toTotalRows(series.points)}
                  categories={[TOTAL_CATEGORY]}
                  grain={grain}
                  format={format}
                  label={`${metric.name} by ${grain}`}
                  dataThrough={metric.dataThrough}
                />
              </figure>
            )}
          </div>
        </Card>

        <div className="space-y-6">
          <Card as="section" aria-labelledby="formula-heading" className="p-5">
            <h2 id="formula-heading" className="font-semibold">
              Formula
            </h2>
            <p className="mt-2 text-fg">{metric.formula}</p>
            <details className="mt-3 text-sm">
              <summary className="cursor-pointer font-medium text-accent">SQL of the latest successful run</summary>
              {metric.sql ? (
                <pre className="mt-2 max-h-80 overflow-auto rounded-md bg-raised p-3 font-mono text-xs text-fg">{metric.sql}</pre>
              ) : (
                <p className="mt-2 text-muted">No successful run yet.</p>
              )}
            </details>
            <details className="mt-2 text-sm">
              <summary className="cursor-pointer font-medium text-accent">Definition as written</summary>
              <pre className="mt-2 max-h-80 overflow-auto rounded-md bg-raised p-3 font-mono text-xs text-fg">{metric.source}</pre>
            </details>
          </Card>

          <Card as="section" aria-labelledby="about-heading" className="p-5">
            <h2 id="about-heading" className="font-semibold">
              About this metric
            </h2>
            <dl className="mt-2 divide-y divide-line text-sm">
              <Fact term="Unit">{formatUnit(format)}</Fact>
              <Fact term="Owner">{metric.owner}</Fact>
              <Fact term="Direction">{formatDirection(metric.direction)}</Fact>
              <Fact term="Grains">{metric.grains.join(", ")}</Fact>
              <Fact term="Dimensions">{metric.dimensions.length ? metric.dimensions.join(", ") : "None"}</Fact>
              <Fact term="Freshness">
                {metric.dataThrough ? (
                  <>
                    data through <time dateTime={metric.dataThrough}>{metric.dataThrough}</time>
                  </>
                ) : (
                  "No data"
                )}
              </Fact>
              <Fact term="Last run">
                <span className="flex flex-wrap items-center gap-2">
                  <RunStatus lastRun={lastRun} />
                  {lastRun ? <span className="text-xs text-muted">{formatInstant(lastRun.startedAt)}</span> : null}
                </span>
                {lastRun ? <span className="mt-1 block font-mono text-xs text-muted">{lastRun.id}</span> : null}
              </Fact>
              <Fact term="Version">
                <span className="font-mono text-xs">{metric.version}</span>
                <span className="mt-1 block text-xs text-muted">
                  {metric.filePath}, loaded {formatInstant(metric.loadedAt)}
                </span>
              </Fact>
            </dl>
          </Card>
        </div>
      </div>
    </div>
  );
}
