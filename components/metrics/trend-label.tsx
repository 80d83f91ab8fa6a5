import type { CatalogEntry } from "@/lib/metrics/api-schema";
import type { Grain } from "@/lib/metrics/definition-schema";
import { formatChange } from "@/lib/metrics/format";

/**
 * A change from the previous period: arrow and sign carry the direction, the
 * colour only repeats whether that is good for this metric.
 */
export function TrendLabel({
  change,
  direction,
  grain,
  showMeaning = false,
}: {
  change: number | null;
  direction: CatalogEntry["direction"];
  grain: Grain;
  /** Also write "better" or "worse" on screen, not only for screen readers. */
  showMeaning?: boolean;
}) {
  if (change === null) return <span className="text-sm text-muted">No previous {grain} to compare</span>;
  const rising = change > 0;
  const flat = change === 0;
  const good = flat || direction === "neutral" ? null : rising === (direction === "higher_is_better");
  const tone = good === null ? "text-muted" : good ? "text-ok" : "text-bad";
  const meaning = good === null ? "" : good ? "better" : "worse";
  return (
    <span className={`inline-flex flex-wrap items-center gap-x-1 text-sm font-medium tabular-nums ${tone}`}>
      <span aria-hidden>{flat ? "■" : rising ? "▲" : "▼"}</span>
      {formatChange(change)}
      <span className="font-normal text-muted">vs previous {grain}</span>
      {meaning && showMeaning ? (
        <span>
          <span aria-hidden>· </span>
          <span className="sr-only">, </span>
          {meaning}
        </span>
      ) : meaning ? (
        <span className="sr-only">, {meaning}</span>
      ) : null}
    </span>
  );
}
