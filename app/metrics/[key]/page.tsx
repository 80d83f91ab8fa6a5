import { authorizePage } from "@/lib/auth/authorize";
import { withoutExploration } from "@/lib/auth/exploration";
import { viewerCan } from "@/lib/auth/viewer-schema";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { type ReactNode } from "react";
import { MetricChartCard } from "@/components/metrics/metric-chart-card";
import { MetricViewControls } from "@/components/metrics/metric-view-controls";
import { RunStatus } from "@/components/metrics/run-status";
import { Callout } from "@/components/ui/callout";
import { Card } from "@/components/ui/card";
import { getReadWarehouse } from "@/lib/db/read-warehouse";
import { formatDirection, formatInstant, formatKind, formatUnit } from "@/lib/metrics/format";
import { getMetricView } from "@/lib/metrics/queries/get-metric-view";
import { listMetricDimensionValues } from "@/lib/metrics/queries/list-metric-dimension-values";
import { metricViewHref, parseMetricViewParams } from "@/lib/metrics/view-params";
import { parseDriversParams } from "@/lib/drivers/drivers-params";
import { AnnotationsSection } from "./_components/annotations-section";
import { DriversSection } from "./_components/drivers-section";
import { PlaybookSection } from "./_components/playbook-section";
import { StatusSection } from "./_components/status-section";
import { LineageSection } from "./_components/lineage-section";

import { loadMetric } from "./_components/load-metric";
import { Breadcrumbs } from "@/components/ui/breadcrumbs";

export const dynamic = "force-dynamic";

type Params = Promise<{ key: string }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;


export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  await authorizePage("view");
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
  const viewer = await authorizePage("view");
  const { key } = await params;
  const metric = await loadMetric(key);
  if (!metric) notFound();

  const wh = await getReadWarehouse();
  // The drivers section keeps its two periods in the URL beside the chart's view.
  const driversParams = parseDriversParams(await searchParams);
  const parsed = parseMetricViewParams(driversParams.rest);
  // Breakdowns, filters and comparisons are exploring: a role without it sees the plain chart and is told why.
  const explore = viewerCan(viewer, "explore");
  const shown = explore ? { view: parsed.view, dropped: [] } : withoutExploration(parsed.view);
  const [data, dimensionValues] = await Promise.all([
    getMetricView(wh, viewer, metric.key, shown.view),
    listMetricDimensionValues(wh, metric.key, metric.grains, metric.dimensions),
  ]);
  const warnings = [
    ...parsed.warnings,
    ...(shown.dropped.length ? [`This link asks for ${shown.dropped.join(" and ")}; exploring a metric needs the analyst role (yours is ${viewer.role}), so the total is shown.`] : []),
    ...data.warnings,
  ];
  const format = { unit: metric.unit, ...(metric.currency ? { currency: metric.currency } : {}) };
  const lastRun = metric.lastRun;

  return (
    <div className="space-y-6">
      <Breadcrumbs trail={[{ href: "/metrics", label: "Metrics" }]} current={metric.name} />

      <header className="space-y-2">
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-semibold tracking-tight">{metric.name}</h1>
          <span className="rounded-full border border-line px-2 py-0.5 text-xs text-muted">{formatKind(metric.kind)}</span>
          {metric.headline ? <span className="rounded-full bg-accent-soft px-2 py-0.5 text-xs font-medium text-accent">Headline</span> : null}
        </div>
        <p className="max-w-3xl text-muted">{metric.description}</p>
        <p className="text-sm text-muted">
          {formatUnit(format)} · {formatDirection(metric.direction)} · owned by {metric.owner}
        </p>
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

      <StatusSection metricKey={metric.key} format={format} viewer={viewer} />

      {warnings.length ? (
        <Callout tone="warning" title={warnings.length === 1 ? "One setting in the link was ignored" : `${warnings.length} settings in the link were ignored`}>
          <ul className="list-disc space-y-0.5 pl-4">
            {warnings.map((warning) => (
              <li key={warning}>{warning}</li>
            ))}
          </ul>
        </Callout>
      ) : null}

      <MetricViewControls
        metricKey={metric.key}
        metricName={metric.name}
        view={data.view}
        grain={data.grain}
        grains={metric.grains}
        dimensions={metric.dimensions}
        dimensionValues={dimensionValues}
        additive={data.metric.additive}
        range={{ from: data.range.from, to: data.range.to }}
        explore={explore}
      />

      <MetricChartCard
        data={data}
        idPrefix="series"
        displayHrefs={{
          chart: metricViewHref(metric.key, { ...data.view, view: "chart" }),
          table: metricViewHref(metric.key, { ...data.view, view: "table" }),
        }}
        height={360}
      />

      {explore ? (
        <DriversSection
          metricKey={metric.key}
          metricName={metric.name}
          grains={metric.grains}
          selection={driversParams.selection}
          warnings={driversParams.warnings}
          view={data.view}
        />
      ) : null}

      <PlaybookSection metricName={metric.name} owner={metric.owner} definition={metric.definition} />

      <AnnotationsSection metricKey={metric.key} range={{ from: data.range.from, to: data.range.to }} viewer={viewer} />

      <div className="grid grid-cols-1 items-start gap-6 lg:grid-cols-2">
        <Card as="section" aria-labelledby="formula-heading" className="p-5">
          <h2 id="formula-heading" className="font-semibold">
            Formula
          </h2>
          <p className="mt-2 text-fg">{metric.formula}</p>
          <p className="mt-2 text-sm text-muted">
            Current version <span className="font-mono text-xs">{metric.version}</span>
          </p>
          <p className="mt-3 text-sm">
            <Link href={`/metrics/${metric.key}/definition`} className="font-medium text-accent underline">
              Definition as written, compiled SQL and version history
            </Link>
          </p>
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

      {viewerCan(viewer, "lineage") ? <LineageSection metricKey={metric.key} viewer={viewer} /> : null}
    </div>
  );
}
