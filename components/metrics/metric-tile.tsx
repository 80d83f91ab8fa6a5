import Link from "next/link";
import { StatusBadge } from "@/components/intent/status-badge";
import type { MetricStatus } from "@/lib/intent/status";
import type { CatalogEntry, SeriesPoint } from "@/lib/metrics/api-schema";
import { latestChange, toTotalRows } from "@/lib/metrics/chart-rows";
import type { Grain, Unit } from "@/lib/metrics/definition-schema";
import { formatPeriod, formatValue, GRAIN_PLURALS } from "@/lib/metrics/format";
import { MetricSparkline } from "./metric-sparkline";
import { RunStatus } from "./run-status";
import { TrendLabel } from "./trend-label";

export interface MetricTileProps {
  metric: CatalogEntry;
  grain: Grain;
  /** The recent total series of complete periods, oldest first. */
  points: readonly SeriesPoint[];
  /** Where the tile leads; the metric's page by default. */
  href?: string;
  /** On track, at risk or off track in its latest complete period, when known. */
  status?: MetricStatus;
}

/** The unit written after a compact value, where its symbol does not already say it. */
function unitSuffix(unit: Unit, currency: string | undefined): string | null {
  if (unit === "currency") return currency ?? null;
  if (unit === "users") return "users";
  return null;
}

/**
 * A headline metric at a glance: the latest complete period's value with its
 * unit, its change from the period before and whether that is good, the recent
 * trend and how fresh the data is. The whole tile links to the metric.
 */
export function MetricTile({ metric, grain, points, href = `/metrics/${metric.key}`, status }: MetricTileProps) {
  const format = { unit: metric.unit, ...(metric.currency ? { currency: metric.currency } : {}) };
  const latest = latestChange(points);
  const failed = metric.lastRun?.status === "failed";
  const titleId = `tile-${metric.key}`;
  const suffix = unitSuffix(metric.unit, metric.currency);
  return (
    <article
      aria-labelledby={titleId}
      className="group relative flex flex-col gap-3 rounded-xl border border-line bg-surface p-5 shadow-[0_1px_2px_rgba(16,24,40,0.04)] transition-shadow focus-within:ring-2 focus-within:ring-focus hover:border-line-strong hover:shadow-md"
    >
      <div className="flex items-start justify-between gap-3">
        <h2 id={titleId} className="text-sm font-semibold text-fg">
          <Link href={href} className="outline-none after:absolute after:inset-0 after:rounded-xl group-hover:underline">
            {metric.name}
          </Link>
        </h2>
        {failed ? (
          <RunStatus lastRun={metric.lastRun} />
        ) : (
          <span aria-hidden className="text-muted transition-transform group-hover:translate-x-0.5 group-hover:text-accent">
            →
          </span>
        )}
      </div>
      {latest ? (
        <>
          <div>
            <p className="flex flex-wrap items-baseline gap-x-1.5">
              <span className="text-3xl font-semibold tracking-tight text-fg tabular-nums">{formatValue(latest.latest.value, format, "compact")}</span>
              {suffix ? <span className="text-sm font-medium text-muted">{suffix}</span> : null}
            </p>
            <p className="mt-0.5 text-xs text-muted">
              {formatPeriod(latest.latest.period, grain)}
              <span className="sr-only">: {formatValue(latest.latest.value, format)}</span>
            </p>
          </div>
          <TrendLabel change={latest.change} direction={metric.direction} grain={grain} showMeaning />
          {status ? (
            <p className="-mt-1">
              <StatusBadge status={status.status} label={status.label} sentence={status.sentence} announceSentence />
            </p>
          ) : null}
          <MetricSparkline rows={toTotalRows(points)} format={format} label={`${metric.name}, last ${points.length} ${GRAIN_PLURALS[grain]}`} />
        </>
      ) : (
        <p className="py-4 text-sm text-muted">
          No values yet{failed ? ": its last run failed" : ""}. Open the metric to see its definition and runs.
        </p>
      )}
      <p className="mt-auto flex flex-wrap justify-between gap-x-3 border-t border-line pt-3 text-xs text-muted">
        {metric.dataThrough ? (
          <span>
            Data as of <time dateTime={metric.dataThrough}>{formatPeriod(metric.dataThrough, "day")}</time>
          </span>
        ) : (
          <span>No data yet</span>
        )}
        {latest ? (
          <span>
            Trend: last {points.length} {GRAIN_PLURALS[grain]}
          </span>
        ) : null}
      </p>
    </article>
  );
}
