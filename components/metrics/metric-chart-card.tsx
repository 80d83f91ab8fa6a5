"use client";

import Link from "next/link";
import { type ReactNode, type RefObject, useRef, useState } from "react";
import { Callout } from "@/components/ui/callout";
import { formatInstant, formatPeriod } from "@/lib/metrics/format";
import type { MetricViewData } from "@/lib/metrics/view-data-schema";
import { metricViewExportHref, metricViewHref } from "@/lib/metrics/view-href";
import { formatRange, metricViewFileName, metricViewTitle, summarizeMetricView } from "@/lib/metrics/view-presentation";
import { LazyMetricViewChart } from "./lazy-metric-view-chart";
import { MetricViewTable } from "./metric-view-table";

const DEFAULT_HEIGHT = 320;
/** Pixels of one row of legend below the chart. */
const LEGEND_HEIGHT = 28;

// Recharts is most of a chart page's JavaScript: it arrives after the page is
// usable, in a box of the chart's size, so nothing moves when it does.
const MetricViewChart = LazyMetricViewChart;

type Display = "chart" | "table";

export interface MetricChartCardProps {
  data: MetricViewData;
  /** The heading; "<metric> by <grain>[ and <dimension>]" when absent. */
  title?: string;
  headingLevel?: 2 | 3;
  /** Makes the heading a link, e.g. to the metric's page from a dashboard tile. */
  titleHref?: string;
  /** Prefix of the element ids, unique on the page; "metric-<key>" when absent. */
  idPrefix?: string;
  /** Chart and table as links (the view lives in the URL); a local toggle when absent. */
  displayHrefs?: Record<Display, string>;
  /** Where the empty state's "show all data" link goes; the metric page when absent. */
  allDataHref?: string;
  height?: number;
  /** Extra controls beside the export buttons, e.g. a tile's menu. */
  actions?: ReactNode;
}

const buttonClass =
  "inline-flex items-center gap-1.5 rounded-md border border-line bg-surface px-2.5 py-1 text-sm font-medium text-fg hover:bg-raised disabled:opacity-60";

function DisplayToggle({ current, hrefs, onSelect }: { current: Display; hrefs?: Record<Display, string>; onSelect: (d: Display) => void }) {
  const item = "block rounded-md px-3 py-1 font-medium text-muted hover:text-fg aria-[current=page]:bg-surface aria-[current=page]:text-fg aria-[current=page]:shadow-sm aria-[current=page]:ring-1 aria-[current=page]:ring-line aria-pressed:bg-surface aria-pressed:text-fg aria-pressed:shadow-sm aria-pressed:ring-1 aria-pressed:ring-line";
  const labels: Record<Display, string> = { chart: "Chart", table: "Table" };
  const items = (["chart", "table"] as const).map((d) => (
    <li key={d}>
      {hrefs ? (
        <Link href={hrefs[d]} scroll={false} aria-current={d === current ? "page" : undefined} className={item}>
          {labels[d]}
        </Link>
      ) : (
        <button type="button" aria-pressed={d === current} onClick={() => onSelect(d)} className={item}>
          {labels[d]}
        </button>
      )}
    </li>
  ));
  const list = <ul className="inline-flex rounded-lg border border-line bg-raised p-0.5 text-sm">{items}</ul>;
  return hrefs ? <nav aria-label="Show as">{list}</nav> : <div role="group" aria-label="Show as">{list}</div>;
}

/** Marks what a PNG of the card leaves out: the buttons. */
const SKIP_IN_IMAGE = "data-image-skip";

function PngButton({ card, fileName, label }: { card: RefObject<HTMLElement | null>; fileName: string; label: string }) {
  const [state, setState] = useState<"idle" | "busy" | "failed">("idle");
  async function download() {
    const node = card.current;
    if (!node) return;
    setState("busy");
    try {
      const { toPng } = await import("html-to-image");
      const background = getComputedStyle(node).getPropertyValue("--surface").trim() || "#ffffff";
      const url = await toPng(node, {
        backgroundColor: background,
        pixelRatio: 2,
        // The buttons and the transient tooltip are not part of the picture.
        filter: (el) => !(el instanceof Element && (el.hasAttribute(SKIP_IN_IMAGE) || el.classList.contains("recharts-tooltip-wrapper"))),
      });
      const link = document.createElement("a");
      link.href = url;
      link.download = `${fileName}.png`;
      link.click();
      setState("idle");
    } catch {
      setState("failed");
    }
  }
  return (
    <>
      <button type="button" className={buttonClass} onClick={download} disabled={state === "busy"} aria-label={`Download PNG of ${label}`}>
        <span aria-hidden>⤓</span> PNG
      </button>
      {state === "failed" ? (
        <span role="alert" className="text-xs text-bad">
          The image could not be made; try the CSV.
        </span>
      ) : null}
    </>
  );
}

function EmptyState({ data, allDataHref }: { data: MetricViewData; allDataHref: string }) {
  const { metric } = data;
  if (!data.dataThrough) {
    return (
      <Callout title={`No data for ${metric.name} yet`}>
        <p>
          No values have been computed for this metric.
          {data.lastRun?.status === "failed" ? " Its last run failed; see the error above." : null} Compute it with{" "}
          <code className="rounded bg-raised px-1.5 py-0.5 font-mono text-fg">npm run triad -- compute --metric {metric.key}</code>.
        </p>
      </Callout>
    );
  }
  return (
    <Callout title="No data in this range">
      <p>
        {data.filter ? `No values for ${data.filter.dimension} “${data.filter.value}” between ` : "Nothing was computed between "}
        {formatRange(data.range.from, data.range.to)}. {metric.name} has data from {formatPeriod(data.dataFrom ?? data.dataThrough, "day")} to {formatPeriod(data.dataThrough, "day")}.{" "}
        <Link href={allDataHref} className="font-medium text-accent underline">
          Show all data
        </Link>
        {data.filter ? " (the filter is removed)" : null} or pick a range that overlaps it.
      </p>
    </Callout>
  );
}

/**
 * A metric view as a card: heading, one-sentence summary, chart or table of
 * the same numbers, CSV and PNG export, and plain words for what is missing:
 * an empty range, a failed last run, a coarser grain or downsampling, series
 * not drawn. Used by the metric page and by dashboard tiles.
 */
export function MetricChartCard({ data, title, headingLevel = 2, titleHref, idPrefix, displayHrefs, allDataHref, height, actions }: MetricChartCardProps) {
  const [localDisplay, setLocalDisplay] = useState<Display>(data.view.view);
  const display = displayHrefs ? data.view.view : localDisplay;
  const card = useRef<HTMLElement>(null);
  const prefix = idPrefix ?? `metric-${data.metric.key}`;
  const heading = title ?? metricViewTitle(data);
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const range = formatRange(data.range.from, data.range.to);
  const label = `${heading}, ${range}`;
  const empty = !data.rows.some((r) => Object.values(r.values).some((v) => v !== null));
  const run = data.lastRun;
  const fileName = metricViewFileName(data);
  const hasLegend = data.categories.length > 1 || data.comparison !== null;
  const emptyLink =
    allDataHref ?? metricViewHref(data.metric.key, { ...data.view, range: "all", filters: {}, from: undefined, to: undefined });

  return (
    <section ref={card} aria-labelledby={`${prefix}-heading`} className="min-w-0 rounded-xl border border-line bg-surface p-5 shadow-[0_1px_2px_rgba(16,24,40,0.04)]">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <Heading id={`${prefix}-heading`} className="font-semibold">
            {titleHref ? (
              <Link href={titleHref} className="hover:underline">
                {heading}
              </Link>
            ) : (
              heading
            )}
          </Heading>
          <p className="mt-0.5 text-sm text-muted">
            {data.range.label}: {range}
            {data.comparison ? (
              <>
                {" "}
                · compared with the {data.comparison.label}, {formatRange(data.comparison.from, data.comparison.to)}
              </>
            ) : null}
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-2" data-image-skip="">
          <DisplayToggle current={display} hrefs={displayHrefs} onSelect={setLocalDisplay} />
          {empty ? null : (
            <>
              <a href={metricViewExportHref(data.metric.key, data.view)} download={`${fileName}.csv`} className={buttonClass} aria-label={`Download CSV of ${label}`}>
                <span aria-hidden>⤓</span> CSV
              </a>
              {display === "chart" ? <PngButton card={card} fileName={fileName} label={label} /> : null}
            </>
          )}
          {actions}
        </div>
      </div>

      <p id={`${prefix}-summary`} className="mt-3 text-sm text-muted">
        {summarizeMetricView(data)}
      </p>

      <div className="mt-3 space-y-3">
        {run?.status === "failed" ? (
          <Callout tone="error" title={`The last run failed (started ${formatInstant(run.startedAt)})`}>
            <p>{data.dataThrough ? "The stored values are from the last successful run." : "No run has stored values yet."} The error was:</p>
            <pre className="mt-2 overflow-x-auto rounded-md bg-surface p-3 font-mono text-xs whitespace-pre-wrap text-fg">{run.error ?? "No error message was recorded."}</pre>
            <p className="mt-1 font-mono text-xs">Run {run.id}</p>
          </Callout>
        ) : null}
        <QualityNote data={data} />
        {data.note ? <Note>{data.note}</Note> : null}
        {data.breakdown?.note ? <Note>{data.breakdown.note}</Note> : null}
        {empty ? (
          <EmptyState data={data} allDataHref={emptyLink} />
        ) : display === "table" ? (
          <MetricViewTable data={data} caption={label} />
        ) : (
          <figure aria-labelledby={`${prefix}-heading`} aria-describedby={`${prefix}-summary`} className="bg-surface" style={{ minHeight: (height ?? DEFAULT_HEIGHT) + (hasLegend ? LEGEND_HEIGHT : 0) }}>
            <MetricViewChart data={data} label={label} height={height ?? DEFAULT_HEIGHT} />
          </figure>
        )}
      </div>
    </section>
  );
}

/** Failed checks behind this metric, and the periods of the range they touch (marked on the chart with "!"). */
function QualityNote({ data }: { data: MetricViewData }) {
  const failed = data.qualityIssues.filter((i) => i.status === "fail");
  if (failed.length === 0) return null;
  const marked = data.marks.filter((m) => m.kind === "quality");
  return (
    <div role="note" className="flex gap-2 rounded-md border border-bad/40 bg-bad-soft px-3 py-2 text-sm text-fg">
      <span aria-hidden className="mt-0.5 flex size-4 shrink-0 items-center justify-center rounded-sm bg-bad text-[11px] font-bold text-surface">
        !
      </span>
      <div className="min-w-0 space-y-1">
        <p className="font-medium">
          {failed.length === 1 ? "A data quality check failed" : `${failed.length} data quality checks failed`} in the latest run
          {marked.length ? `; ${marked.length === 1 ? "the period it touches is" : `the ${marked.length} periods they touch are`} marked “!” on the chart.` : ", outside this range."}
        </p>
        <ul className="space-y-0.5 text-muted">
          {failed.map((issue) => (
            <li key={issue.checkId}>
              {issue.message}
              {issue.via ? ` (read through ${issue.via})` : ""}
              {issue.runId ? (
                <>
                  {" "}
                  <Link href={`/runs/${encodeURIComponent(issue.runId)}#quality-checks`} className="font-medium text-accent underline">
                    See the check
                  </Link>
                </>
              ) : null}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

function Note({ children }: { children: ReactNode }) {
  return (
    <p className="flex gap-2 text-sm text-muted" role="note">
      <span aria-hidden className="mt-0.5 flex size-4 shrink-0 items-center justify-center rounded-full border border-current text-[10px] font-bold">
        i
      </span>
      <span>{children}</span>
    </p>
  );
}
