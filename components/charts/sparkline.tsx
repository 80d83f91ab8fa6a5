"use client";

import { Line, LineChart, XAxis, YAxis } from "recharts";
import type { ChartDatum } from "./time-series-chart";
import { useReducedMotion } from "./use-reduced-motion";

export interface SparklineProps {
  data: readonly ChartDatum[];
  /** The key of the x value in each datum. */
  index: string;
  /** The first category is drawn; a sparkline shows one trend. */
  categories: readonly string[];
  /** Turns the first and last values into the text alternative. */
  valueFormatter?: (value: number) => string;
  /** What the line shows, e.g. "Revenue, last 90 days". */
  label: string;
  height?: number;
}

function endpoints(data: readonly ChartDatum[], category: string): [number, number] | null {
  const values = data.map((d) => d[category]).filter((v): v is number => typeof v === "number");
  const first = values[0];
  const last = values.at(-1);
  return first === undefined || last === undefined ? null : [first, last];
}

export function Sparkline({ data, index, categories, valueFormatter = String, label, height = 44 }: SparklineProps) {
  const reducedMotion = useReducedMotion();
  const [category] = categories;
  if (!category) return null;
  const ends = endpoints(data, category);
  const text = ends ? `${label}: from ${valueFormatter(ends[0])} to ${valueFormatter(ends[1])}` : `${label}: no data`;
  return (
    <div role="img" aria-label={text} style={{ height }}>
      <LineChart
        data={[...data]}
        responsive
        style={{ width: "100%", height }}
        margin={{ top: 4, right: 2, bottom: 4, left: 2 }}
        accessibilityLayer={false}
      >
        <XAxis dataKey={index} hide />
        <YAxis hide domain={["dataMin", "dataMax"]} />
        <Line
          type="linear"
          dataKey={category}
          stroke="var(--chart-1)"
          strokeWidth={1.75}
          dot={false}
          isAnimationActive={!reducedMotion}
        />
      </LineChart>
    </div>
  );
}
