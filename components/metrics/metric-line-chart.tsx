"use client";

import { LineChart } from "@/components/charts/line-chart";
import { type ChartRow, isPartialPeriod, timeAxis } from "@/lib/metrics/chart-rows";
import type { Grain } from "@/lib/metrics/definition-schema";
import { formatPeriod, formatValue, type ValueFormat } from "@/lib/metrics/format";

export interface MetricLineChartProps {
  rows: readonly ChartRow[];
  categories: readonly string[];
  grain: Grain;
  format: ValueFormat;
  label: string;
  /** Last day with data (YYYY-MM-DD); a last period it does not cover is shaded as partial. */
  dataThrough: string | null;
}

/** A metric's series over time, with periods and values formatted for its grain and unit. */
export function MetricLineChart({ rows, categories, grain, format, label, dataThrough }: MetricLineChartProps) {
  const periods = rows.map((r) => r.period);
  const axis = timeAxis(periods, grain);
  const last = periods.at(-1);
  const beforeLast = periods.at(-2);
  const partial = last && beforeLast && isPartialPeriod(last, grain, dataThrough) ? { from: beforeLast, to: last, label: "Partial" } : undefined;
  return (
    <LineChart
      data={rows}
      index="period"
      categories={categories}
      label={label}
      valueFormatter={(v) => formatValue(v, format)}
      valueTickFormatter={(v) => formatValue(v, format, "axis")}
      indexTicks={axis.ticks}
      indexTickFormatter={(period) => formatPeriod(period, axis.tickGrain, "short")}
      indexFormatter={(period) => formatPeriod(period, grain, "long")}
      highlight={partial}
    />
  );
}
