import Link from "next/link";
import { formatChange, formatPeriod, formatValue, relativeChange } from "@/lib/metrics/format";
import { categorySlice, pointRowsHref, runHref } from "@/lib/metrics/point-href";
import type { MetricViewData, MetricViewRow } from "@/lib/metrics/view-data-schema";
import { viewFormat } from "@/lib/metrics/view-presentation";

export interface MetricViewTableProps {
  data: MetricViewData;
  caption: string;
}

// Quality failures read as bad, anomalies as a warning, annotations as information.
const MARK_TONE: Record<MetricViewData["marks"][number]["kind"], string> = {
  quality: "bg-bad-soft text-bad",
  anomaly: "bg-warn-soft text-warn",
  annotation: "bg-accent-soft text-accent",
};

const distinctRuns = (row: MetricViewRow) => [...new Set(Object.values(row.runIds))];

/** The numbers a metric view's chart draws, one row per period, oldest first, with the run behind each. */
export function MetricViewTable({ data, caption }: MetricViewTableProps) {
  const format = viewFormat(data.metric);
  const value = (v: number | null | undefined) => formatValue(v, format);
  const single = data.categories.length === 1;
  const comparison = data.comparison;
  const head = "px-3 py-2 font-medium";
  return (
    <div className="max-h-[32rem] overflow-auto rounded-lg border border-line" tabIndex={0} role="region" aria-label={`${caption}, table`}>
      <table className="w-full text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="sticky top-0 z-10 bg-raised text-left text-xs text-muted uppercase">
          <tr>
            <th scope="col" className={head}>
              Period
            </th>
            {data.categories.map((c) => (
              <th key={c.key} scope="col" className={`${head} text-right normal-case`}>
                {single ? "Value" : c.label}
              </th>
            ))}
            {comparison && single ? (
              <>
                <th scope="col" className={head}>
                  {comparison.label}
                </th>
                <th scope="col" className={`${head} text-right`}>
                  Value
                </th>
                <th scope="col" className={`${head} text-right`}>
                  Change
                </th>
              </>
            ) : null}
            <th scope="col" className={`${head} hidden sm:table-cell`}>
              Run
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-line">
          {data.rows.map((row) => (
            <tr key={row.period} className="hover:bg-raised/60">
              <th scope="row" className="px-3 py-1.5 text-left font-normal whitespace-nowrap text-fg">
                <time dateTime={row.period}>{formatPeriod(row.period, data.grain)}</time>
                {row.partial ? <span className="ml-2 rounded bg-warn-soft px-1.5 py-0.5 text-xs text-warn">partial</span> : null}
                {data.marks
                  .filter((m) => m.period === row.period)
                  .map((m) => (
                    <span key={`${m.kind}-${m.detail}`} title={m.detail} className={`ml-2 rounded px-1.5 py-0.5 text-xs ${MARK_TONE[m.kind]}`}>
                      {m.title}
                      <span className="sr-only">: {m.detail}</span>
                    </span>
                  ))}
              </th>
              {data.categories.map((c) => {
                const current = row.values[c.key];
                const before = row.comparison?.values[c.key];
                const change = relativeChange(current ?? null, before ?? null);
                return (
                  <td key={c.key} className="px-3 py-1.5 text-right font-medium whitespace-nowrap text-fg tabular-nums">
                    {value(current)}
                    {comparison && !single ? (
                      <span className="block text-xs font-normal text-muted">
                        vs {value(before)}
                        {change === null ? "" : `, ${formatChange(change)}`}
                      </span>
                    ) : null}
                  </td>
                );
              })}
              {comparison && single ? (
                <>
                  <td className="px-3 py-1.5 whitespace-nowrap text-muted">
                    {row.comparison ? <time dateTime={row.comparison.period}>{formatPeriod(row.comparison.period, data.grain)}</time> : null}
                  </td>
                  <td className="px-3 py-1.5 text-right whitespace-nowrap text-fg tabular-nums">{value(row.comparison?.values.s0)}</td>
                  <td className="px-3 py-1.5 text-right whitespace-nowrap text-muted tabular-nums">
                    {formatChange(relativeChange(row.values.s0 ?? null, row.comparison?.values.s0 ?? null))}
                  </td>
                </>
              ) : null}
              <td className="hidden px-3 py-1.5 font-mono text-xs whitespace-nowrap text-muted sm:table-cell">
                {distinctRuns(row).map((id, i) => (
                  <span key={id}>
                    {i > 0 ? ", " : null}
                    <Link className="underline" href={runHref(id)} aria-label={`Run ${id} that wrote ${formatPeriod(row.period, data.grain)}`}>
                      {id.slice(0, 8)}
                    </Link>
                  </span>
                ))}
                {single && data.categories[0] && categorySlice(data, data.categories[0]) && row.runIds.s0 ? (
                  <>
                    {" · "}
                    <Link className="font-sans underline" href={pointRowsHref(data.metric.key, data.grain, row.period, categorySlice(data, data.categories[0])!)} aria-label={`Source rows and verify for ${formatPeriod(row.period, data.grain)}`}>
                      rows
                    </Link>
                  </>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
