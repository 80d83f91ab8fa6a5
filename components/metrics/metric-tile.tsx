import Link from "next/link";
import type { CatalogEntry, SeriesPoint } from "@/lib/metrics/api-schema";
import { latestChange, toTotalRows } from "@/lib/metrics/chart-rows";
import type { Grain } from "@/lib/metrics/definition-schema";
import { formatPeriod, formatValue, GRAIN_PLURALS } from "@/lib/metrics/format";
import { MetricSparkline } from "./metric-sparkline";
import { RunStatus } from "./run-status";
import { TrendLabel } from "./trend-label";

export interface MetricTileProps {
  metric: CatalogEntry;
  grain: Grain;
  /** The recent total series, oldest first. */
  points: readonly SeriesPoint[];
}

/** A headline metric at a glance: latest value, change, recent trend; the whole tile links to the metric. */
export function MetricTile({ metric, grain, points }: MetricTileProps) {
  const format = { unit: metric.unit, ...(metric.currency ? { currency: metric.currency } : {}) };
  const latest = latestChange(points);
  const failed = metric.lastRun?.status === "failed";
  const titleId = `tile-${metric.key}`;
  return (
    <article
      aria-labelledby={titleId}
      className="group relative flex flex-col gap-3 rounded-xl border border-line bg-surface p-5 shadow-[0_1px_2px_rgba(16,24,40,0.04)] transition-shadow focus-within:ring-2 focus-within:ring-focus hover:border-line-strong hover:shadow-md"
    >
      <div className="flex items-start justify-between gap-3">
        <h2 id={titleId} className="text-sm font-medium text-muted">
          <Link href={`/metrics/${metric.key}`} className="outline-none after:absolute after:inset-0 after:rounded-xl group-hover:text-fg">
            {metric.name}
          </Link>
        </h2>
        {failed ? <RunStatus lastRun={metric.lastRun} /> : null}
      </div>
      {latest ? (
        <>
          <div>
            <p className="text-3xl font-semibold tracking-tight text-fg tabular-nums">{formatValue(latest.latest.value, format, "compact")}</p>
            <p className="mt-0.5 text-xs text-muted">
              {formatPeriod(latest.latest.period, grain)}
              <span className="sr-only">: {formatValue(latest.latest.value, format)}</span>
            </p>
          </div>
          <TrendLabel change={latest.change} direction={metric.direction} grain={grain} />
          <MetricSparkline rows={toTotalRows(points)} format={format} label={`${metric.name}, last ${points.length} ${GRAIN_PLURALS[grain]}`} />
        </>
      ) : (
        <p className="py-6 text-sm text-muted">No data yet.</p>
      )}
    </article>
  );
}
