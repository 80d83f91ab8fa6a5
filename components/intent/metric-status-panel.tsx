import type { MetricStatusSummary } from "@/lib/intent/status-summary";
import { formatPeriod, formatValue, type ValueFormat } from "@/lib/metrics/format";
import { DeltaList } from "./delta-list";
import { StatusBadge } from "./status-badge";

/** The metric's latest complete period: its status against target in icon, words and a sentence, and its labelled changes. */
export function MetricStatusPanel({ summary, format }: { summary: MetricStatusSummary; format: ValueFormat }) {
  const { status, grain, period } = summary;
  return (
    <section aria-labelledby="status-heading" className="rounded-xl border border-line bg-surface p-4 shadow-[0_1px_2px_rgba(16,24,40,0.04)]">
      <h2 id="status-heading" className="sr-only">
        Status
      </h2>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
        <StatusBadge status={status.status} label={status.label} size="md" />
        {period !== null ? (
          <p className="text-sm text-muted">
            {formatPeriod(period, grain)}, the latest complete {grain}:{" "}
            <span className="text-base font-semibold text-fg tabular-nums">{formatValue(summary.value, format)}</span>
          </p>
        ) : null}
      </div>
      <p className="mt-2 text-sm text-fg">{status.sentence}</p>
      {summary.deltas.length ? (
        <div className="mt-3">
          <DeltaList deltas={summary.deltas} grain={grain} format={format} />
        </div>
      ) : null}
    </section>
  );
}
