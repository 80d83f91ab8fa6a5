import type { SeriesPoint } from "@/lib/metrics/api-schema";
import { isPartialPeriod } from "@/lib/metrics/chart-rows";
import type { Grain } from "@/lib/metrics/definition-schema";
import { formatPeriod, formatValue, type ValueFormat } from "@/lib/metrics/format";

export interface SeriesTableProps {
  points: readonly SeriesPoint[];
  grain: Grain;
  format: ValueFormat;
  caption: string;
  /** Last day with data; a period it does not cover is marked partial. */
  dataThrough: string | null;
}

/** The numbers behind a chart, one row per period, oldest first. */
export function SeriesTable({ points, grain, format, caption, dataThrough }: SeriesTableProps) {
  return (
    <div className="max-h-[32rem] overflow-auto rounded-lg border border-line" tabIndex={0} role="region" aria-label={`${caption}, table`}>
      <table className="w-full text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="sticky top-0 bg-raised text-left text-xs text-muted uppercase">
          <tr>
            <th scope="col" className="px-4 py-2 font-medium">
              Period
            </th>
            <th scope="col" className="px-4 py-2 text-right font-medium">
              Value
            </th>
            <th scope="col" className="hidden px-4 py-2 font-medium sm:table-cell">
              Run
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-line">
          {points.map((p) => (
            <tr key={`${p.period}/${p.dimension ?? ""}`} className="hover:bg-raised/60">
              <th scope="row" className="px-4 py-1.5 text-left font-normal whitespace-nowrap text-fg">
                <time dateTime={p.period}>{formatPeriod(p.period, grain)}</time>
                {isPartialPeriod(p.period, grain, dataThrough) ? (
                  <span className="ml-2 rounded bg-warn-soft px-1.5 py-0.5 text-xs text-warn">partial</span>
                ) : null}
              </th>
              <td className="px-4 py-1.5 text-right font-medium text-fg tabular-nums">{formatValue(p.value, format)}</td>
              <td className="hidden px-4 py-1.5 font-mono text-xs text-muted sm:table-cell">{p.runId}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
