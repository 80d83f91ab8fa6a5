"use client";

import {
  CartesianGrid,
  Legend,
  Line,
  LineChart as RechartsLineChart,
  ReferenceArea,
  Tooltip,
  type TooltipContentProps,
  XAxis,
  YAxis,
} from "recharts";
import { useReducedMotion } from "./use-reduced-motion";

export type ChartDatum = Record<string, string | number | null>;

export interface LineChartProps {
  data: readonly ChartDatum[];
  /** The key of the x value in each datum. */
  index: string;
  /** The keys of the plotted values; one line each. */
  categories: readonly string[];
  valueFormatter?: (value: number) => string;
  /** Value axis tick text, when it should be shorter than valueFormatter's. */
  valueTickFormatter?: (value: number) => string;
  /** Axis tick text for an index value. */
  indexTickFormatter?: (value: string) => string;
  /** Index values to put axis ticks at; the chart chooses when absent. */
  indexTicks?: readonly string[];
  /** A shaded span of the index axis with a short label, e.g. a period not yet complete. */
  highlight?: { from: string; to: string; label: string };
  /** Tooltip heading for an index value. */
  indexFormatter?: (value: string) => string;
  /** Display names of categories, for the legend and the tooltip. */
  categoryLabels?: Readonly<Record<string, string>>;
  /** What the chart shows, read by screen readers. */
  label: string;
  height?: number;
  showLegend?: boolean;
}

const identity = (value: string | number) => String(value);

// Lines differ by dash pattern as well as colour, so colour is never the only signal.
const DASHES = ["", "6 3", "2 3", "8 3 2 3", "1 4", "10 4"];

export const seriesColor = (i: number) => `var(--chart-${(i % 8) + 1})`;
export const seriesDash = (i: number) => DASHES[i % DASHES.length] || undefined;

function ChartTooltip({
  active,
  payload,
  label,
  valueFormatter,
  indexFormatter,
  categoryLabels,
}: TooltipContentProps & Pick<LineChartProps, "valueFormatter" | "indexFormatter" | "categoryLabels">) {
  if (!active || !payload?.length) return null;
  return (
    <div className="rounded-md border border-line bg-surface px-3 py-2 text-sm shadow-lg">
      <p className="mb-1 font-medium text-fg">{indexFormatter ? indexFormatter(String(label)) : label}</p>
      <ul className="space-y-0.5">
        {payload.map((entry) => {
          const key = String(entry.dataKey ?? entry.name);
          const value = typeof entry.value === "number" ? entry.value : null;
          return (
            <li key={key} className="flex items-center gap-2 tabular-nums">
              <span aria-hidden className="inline-block h-0.5 w-3 rounded" style={{ background: entry.color }} />
              {payload.length > 1 || categoryLabels?.[key] ? <span className="text-muted">{categoryLabels?.[key] ?? key}</span> : null}
              <span className="ml-auto font-medium text-fg">
                {value === null ? "—" : valueFormatter ? valueFormatter(value) : value}
              </span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

export function LineChart({
  data,
  index,
  categories,
  valueFormatter,
  valueTickFormatter = valueFormatter,
  indexTickFormatter,
  indexTicks,
  highlight,
  indexFormatter,
  categoryLabels,
  label,
  height = 320,
  showLegend = categories.length > 1,
}: LineChartProps) {
  const reducedMotion = useReducedMotion();
  const axisTick = { fill: "var(--chart-axis)", fontSize: 12 };
  return (
    <RechartsLineChart
      data={[...data]}
      responsive
      style={{ width: "100%", height }}
      margin={{ top: 8, right: 12, bottom: 0, left: 0 }}
      title={label}
      desc={label}
    >
      <CartesianGrid vertical={false} stroke="var(--chart-grid)" />
      <XAxis
        dataKey={index}
        tickFormatter={indexTickFormatter ?? identity}
        tick={axisTick}
        tickLine={false}
        axisLine={{ stroke: "var(--chart-grid)" }}
        ticks={indexTicks ? [...indexTicks] : undefined}
        minTickGap={indexTicks ? 8 : 24}
        interval={indexTicks ? "preserveStartEnd" : "preserveEnd"}
        tickMargin={8}
      />
      <YAxis
        tickFormatter={valueTickFormatter ? (v: number) => valueTickFormatter(v) : identity}
        tick={axisTick}
        tickLine={false}
        axisLine={false}
        width="auto"
      />
      <Tooltip
        content={(props) => (
          <ChartTooltip {...props} valueFormatter={valueFormatter} indexFormatter={indexFormatter} categoryLabels={categoryLabels} />
        )}
        cursor={{ stroke: "var(--chart-axis)", strokeDasharray: "3 3" }}
        isAnimationActive={!reducedMotion}
      />
      {highlight ? (
        <ReferenceArea
          x1={highlight.from}
          x2={highlight.to}
          fill="var(--chart-grid)"
          fillOpacity={0.7}
          ifOverflow="extendDomain"
          label={{ value: highlight.label, position: "insideTopRight", fill: "var(--chart-axis)", fontSize: 11 }}
        />
      ) : null}
      {showLegend ? <Legend formatter={(value: string) => categoryLabels?.[value] ?? value} wrapperStyle={{ fontSize: 12 }} /> : null}
      {categories.map((category, i) => (
        <Line
          key={category}
          type="linear"
          dataKey={category}
          name={category}
          stroke={seriesColor(i)}
          strokeDasharray={seriesDash(i)}
          strokeWidth={2}
          dot={false}
          activeDot={{ r: 4, strokeWidth: 0 }}
          connectNulls={false}
          isAnimationActive={!reducedMotion}
        />
      ))}
    </RechartsLineChart>
  );
}
