"use client";

import { useRouter } from "next/navigation";
import { TimeSeriesChart, type TimeSeriesMark } from "@/components/charts/time-series-chart";
import type { ChartMark } from "@/lib/metrics/chart-marks";
import { timeAxis } from "@/lib/metrics/chart-rows";
import { formatPeriod, formatValue } from "@/lib/metrics/format";
import { periodHref } from "@/lib/metrics/point-href";
import type { MetricViewData } from "@/lib/metrics/view-data-schema";
import { COMPARISON_PERIOD_KEY, OTHER_KEY, toViewChartData, viewFormat } from "@/lib/metrics/view-presentation";

// "Other" is the rest, not a peer of the named values: neutral grey.
const OTHER_COLOR = { [OTHER_KEY]: 7 };

const MARK_LOOK: Record<ChartMark["kind"], Pick<TimeSeriesMark, "symbol" | "tone">> = {
  quality: { symbol: "!", tone: "bad" },
  anomaly: { symbol: "?", tone: "warn" },
  annotation: { symbol: "i", tone: "info" },
};

export const toTimeSeriesMarks = (marks: readonly ChartMark[]): TimeSeriesMark[] =>
  marks.map((m) => ({ index: m.period, ...(m.to ? { to: m.to } : {}), ...(m.expected ? { expected: m.expected } : {}), title: m.title, detail: m.detail, ...MARK_LOOK[m.kind] }));

export interface MetricViewChartProps {
  data: MetricViewData;
  /** What the chart shows, read by screen readers. */
  label: string;
  height?: number;
}

/** A metric view drawn as its chart type, with periods and values formatted for its grain and unit. */
export function MetricViewChart({ data, label, height }: MetricViewChartProps) {
  const chart = toViewChartData(data);
  const format = viewFormat(data.metric);
  const periods = chart.rows.map((r) => String(r.period));
  const axis = timeAxis(periods, data.grain);
  const last = data.rows.at(-1);
  const beforeLast = data.rows.at(-2);
  const partial = last?.partial && beforeLast ? { from: beforeLast.period, to: last.period, label: "Partial" } : undefined;
  const router = useRouter();
  // Every point leads to the run that wrote it, through its drill-through page where there is one series.
  const onIndexClick = (period: string) => {
    const row = data.rows.find((r) => r.period === period);
    const href = row ? periodHref(data, row) : null;
    if (href) router.push(href);
  };
  return (
    <TimeSeriesChart
      data={chart.rows}
      index="period"
      categories={chart.categories}
      categoryLabels={chart.labels}
      categoryColors={OTHER_COLOR}
      type={data.view.chart}
      stacked={data.stacked}
      comparison={chart.comparisonKeys && data.comparison ? { keys: chart.comparisonKeys, label: data.comparison.label, indexKey: COMPARISON_PERIOD_KEY } : undefined}
      valueFormatter={(v) => formatValue(v, format)}
      valueTickFormatter={(v) => formatValue(v, format, "axis")}
      indexTicks={axis.ticks}
      indexTickFormatter={(period) => formatPeriod(period, axis.tickGrain, "short")}
      indexFormatter={(period) => formatPeriod(period, data.grain, "long")}
      highlight={partial}
      label={label}
      height={height}
      onIndexClick={onIndexClick}
      marks={toTimeSeriesMarks(data.marks)}
      clickHint={data.categories.length === 1 ? "Click for the run, source rows and verify" : "Click for the run that wrote it"}
    />
  );
}
