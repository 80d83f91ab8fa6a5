import Link from "next/link";
import { ALERT_STATUSES, type AlertStatus } from "@/lib/alerts/alert-schema";

const field = "rounded-md border border-line-strong bg-surface px-2 py-1.5 text-sm text-fg";
const LABELS: Record<AlertStatus, string> = { open: "Open", acknowledged: "Acknowledged", resolved: "Resolved" };

/** The inbox's filters as a plain GET form, so a filtered inbox is a link. */
export function AlertFilters({
  status,
  metric,
  metrics,
  counts,
}: {
  status: AlertStatus | undefined;
  metric: string | undefined;
  metrics: readonly { key: string; name: string }[];
  counts: Record<AlertStatus, number>;
}) {
  const options = metric && !metrics.some((m) => m.key === metric) ? [{ key: metric, name: metric }, ...metrics] : metrics;
  return (
    <form method="get" action="/alerts" aria-label="Filter the alerts" className="flex flex-wrap items-end gap-3 text-sm">
      <label className="flex flex-col gap-1">
        <span className="font-medium">Status</span>
        <select name="status" defaultValue={status ?? ""} className={field}>
          <option value="">Any</option>
          {ALERT_STATUSES.map((s) => (
            <option key={s} value={s}>
              {LABELS[s]} ({counts[s]})
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col gap-1">
        <span className="font-medium">Metric</span>
        <select name="metric" defaultValue={metric ?? ""} className={field}>
          <option value="">Any</option>
          {options.map((m) => (
            <option key={m.key} value={m.key}>
              {m.name}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="rounded-md bg-accent px-3 py-1.5 font-medium text-on-accent">
        Apply
      </button>
      {status || metric ? (
        <Link href="/alerts" className="text-accent py-1.5 underline">
          Clear filters
        </Link>
      ) : null}
    </form>
  );
}
