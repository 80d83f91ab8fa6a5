import type { ChartDatum } from "./time-series-chart";

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

// Plain SVG rendered on the server: a trend line needs no charting library in
// the browser, and no animation to honour reduced motion for.
const WIDTH = 100;
const PAD = 3;

/** The SVG path of the values, scaled into the box; a missing value breaks the line. */
export function sparklinePath(values: readonly (number | null)[], height: number): string {
  const numbers = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (numbers.length === 0) return "";
  const min = Math.min(...numbers);
  const max = Math.max(...numbers);
  const span = max - min || 1;
  const step = values.length > 1 ? WIDTH / (values.length - 1) : 0;
  let path = "";
  let pen = false;
  values.forEach((v, i) => {
    if (v === null || !Number.isFinite(v)) {
      pen = false;
      return;
    }
    const x = values.length > 1 ? i * step : WIDTH / 2;
    const y = max === min ? height / 2 : PAD + (1 - (v - min) / span) * (height - 2 * PAD);
    path += `${pen ? "L" : "M"}${x.toFixed(2)} ${y.toFixed(2)}`;
    pen = true;
  });
  return path;
}

export function Sparkline({ data, categories, valueFormatter = String, label, height = 44 }: SparklineProps) {
  const [category] = categories;
  if (!category) return null;
  const values = data.map((d) => (typeof d[category] === "number" ? (d[category] as number) : null));
  const numbers = values.filter((v): v is number => v !== null);
  const first = numbers[0];
  const last = numbers.at(-1);
  const text = first !== undefined && last !== undefined ? `${label}: from ${valueFormatter(first)} to ${valueFormatter(last)}` : `${label}: no data`;
  return (
    <svg role="img" aria-label={text} viewBox={`0 0 ${WIDTH} ${height}`} preserveAspectRatio="none" width="100%" height={height} className="block overflow-visible">
      <path d={sparklinePath(values, height)} fill="none" stroke="var(--chart-1)" strokeWidth={1.75} vectorEffect="non-scaling-stroke" strokeLinejoin="round" strokeLinecap="round" />
    </svg>
  );
}
