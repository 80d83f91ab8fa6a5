"use client";

import { type ReactElement, useId } from "react";
import {
  Area,
  Bar,
  CartesianGrid,
  ComposedChart,
  Line,
  ReferenceArea,
  ReferenceLine,
  Tooltip,
  type TooltipContentProps,
  XAxis,
  YAxis,
} from "recharts";
import { downsampleRows, MAX_CHART_POINTS } from "@/lib/metrics/downsample-rows";
import { formatChange, relativeChange } from "@/lib/metrics/format";
import { marksAt, placeMarks, type TimeSeriesMark } from "./place-marks";
import { useReducedMotion } from "./use-reduced-motion";

export type { TimeSeriesMark };

export type ChartDatum = Record<string, string | number | null>;
export type TimeSeriesChartType = "line" | "area" | "bar";

export interface TimeSeriesComparison {
  /** Category key to the key of its comparison value in each datum. */
  keys: Readonly<Record<string, string>>;
  /** What the comparison is, e.g. "previous period". */
  label: string;
  /** The key of each datum's comparison period, shown in the tooltip. */
  indexKey?: string;
}

export interface TimeSeriesChartProps {
  data: readonly ChartDatum[];
  /** The key of the x value (a period) in each datum. */
  index: string;
  /** The keys of the plotted values, one series each, in drawing order. */
  categories: readonly string[];
  /** Display names of categories, for the legend and the tooltip. */
  categoryLabels?: Readonly<Record<string, string>>;
  /** Palette slots (0-7) of some categories, e.g. 7, the neutral grey, for "Other"; the others take their index. */
  categoryColors?: Readonly<Record<string, number>>;
  type?: TimeSeriesChartType;
  /** Stack the series (area and bar charts). */
  stacked?: boolean;
  /** A comparison series per category, drawn dashed. */
  comparison?: TimeSeriesComparison;
  valueFormatter?: (value: number) => string;
  /** Value axis tick text, when it should be shorter than valueFormatter's. */
  valueTickFormatter?: (value: number) => string;
  /** Tooltip heading for an index value. */
  indexFormatter?: (value: string) => string;
  /** Axis tick text for an index value. */
  indexTickFormatter?: (value: string) => string;
  /** Index values to put axis ticks at; the chart chooses when absent. */
  indexTicks?: readonly string[];
  /** A shaded span of the index axis with a short label, e.g. a period not yet complete. */
  highlight?: { from: string; to: string; label: string };
  /** What the chart shows, read by screen readers. */
  label: string;
  height?: number;
  /** Called with the index value of a clicked period; the tooltip then shows `clickHint`. */
  onIndexClick?: (index: string) => void;
  /** Tooltip footer saying what a click does, e.g. "Click for the run and source rows". */
  clickHint?: string;
  showLegend?: boolean;
  /** The most data points drawn per series; longer data is downsampled (LTTB). */
  maxPoints?: number;
  /** Index values marked with a rule and a symbol; their sentences show in the tooltip. */
  marks?: readonly TimeSeriesMark[];
}

const TONE_COLOR: Record<TimeSeriesMark["tone"], string> = { bad: "var(--bad)", warn: "var(--warn)", info: "var(--chart-axis)" };

/** `stack`: how many marks on the same index come before this one; their symbols sit one below another. */
function MarkSymbol({ viewBox, mark, stack = 0 }: { viewBox?: { x?: number; y?: number }; mark: TimeSeriesMark; stack?: number }) {
  const x = viewBox?.x ?? 0;
  const y = (viewBox?.y ?? 0) + 9 + stack * 19;
  const color = TONE_COLOR[mark.tone];
  return (
    <g aria-hidden>
      <rect x={x - 8} y={y - 8} width={16} height={16} rx={3} fill={color} />
      <text x={x} y={y + 4} textAnchor="middle" fontSize={11} fontWeight={700} fill="var(--surface)">
        {mark.symbol}
      </text>
    </g>
  );
}

// Every series has a colour, a marker shape and, for filled series, a
// texture, so colour is never the only signal. Comparison series are dashed.
const MARKERS = ["circle", "square", "triangle", "diamond", "cross", "triangleDown", "star", "x"] as const;
type MarkerShape = (typeof MARKERS)[number];
const COMPARISON_DASH = "5 4";
/** Markers sit on about this many points of each line, staggered between series. */
const MARKERS_PER_LINE = 10;

export const seriesColor = (i: number) => `var(--chart-${(i % 8) + 1})`;
export const seriesMarker = (i: number): MarkerShape => MARKERS[i % MARKERS.length] ?? "circle";

function markerPath(shape: MarkerShape, cx: number, cy: number, r: number): string {
  switch (shape) {
    case "circle":
      return `M${cx - r},${cy}a${r},${r} 0 1,0 ${2 * r},0a${r},${r} 0 1,0 ${-2 * r},0`;
    case "square":
      return `M${cx - r},${cy - r}h${2 * r}v${2 * r}h${-2 * r}z`;
    case "triangle":
      return `M${cx},${cy - r * 1.2}L${cx + r * 1.1},${cy + r * 0.8}L${cx - r * 1.1},${cy + r * 0.8}z`;
    case "triangleDown":
      return `M${cx},${cy + r * 1.2}L${cx + r * 1.1},${cy - r * 0.8}L${cx - r * 1.1},${cy - r * 0.8}z`;
    case "diamond":
      return `M${cx},${cy - r * 1.3}L${cx + r * 1.3},${cy}L${cx},${cy + r * 1.3}L${cx - r * 1.3},${cy}z`;
    case "cross": {
      const t = r * 0.45;
      return `M${cx - t},${cy - r}h${2 * t}v${r - t}h${r - t}v${2 * t}h${t - r}v${r - t}h${-2 * t}v${t - r}h${t - r}v${-2 * t}h${r - t}z`;
    }
    case "star": {
      const points = Array.from({ length: 10 }, (_, k) => {
        const radius = k % 2 === 0 ? r * 1.35 : r * 0.6;
        const angle = (Math.PI / 5) * k - Math.PI / 2;
        return `${cx + radius * Math.cos(angle)},${cy + radius * Math.sin(angle)}`;
      });
      return `M${points.join("L")}z`;
    }
    case "x": {
      const d = r * 0.9;
      return `M${cx - d},${cy - d}L${cx + d},${cy + d}M${cx + d},${cy - d}L${cx - d},${cy + d}`;
    }
  }
}

function Marker({ shape, cx, cy, color, hollow = false, r = 3.5 }: { shape: MarkerShape; cx: number; cy: number; color: string; hollow?: boolean; r?: number }) {
  const open = shape === "x";
  return (
    <path
      d={markerPath(shape, cx, cy, r)}
      fill={hollow || open ? "var(--surface)" : color}
      stroke={color}
      strokeWidth={open ? 2 : 1.5}
      strokeLinejoin="round"
    />
  );
}

// Textures drawn over a filled series' colour, by series index; the first is plain.
const TEXTURES = [
  "",
  "M-1,1 l2,-2 M0,8 l8,-8 M7,9 l2,-2",
  "M2,2 h0.01 M6,6 h0.01",
  "M0,2 h8 M0,6 h8",
  "M0,0 l8,8 M8,0 l-8,8",
  "M2,0 v8 M6,0 v8",
  "M-1,7 l2,2 M0,0 l8,8 M7,-1 l2,2",
  "M0,4 h8 M4,0 v8",
];

function Patterns({ id, colors }: { id: string; colors: readonly string[] }) {
  return (
    <defs>
      {colors.map((color, i) => (
        <pattern key={i} id={`${id}-texture-${i}`} width={8} height={8} patternUnits="userSpaceOnUse">
          <rect width={8} height={8} fill={color} />
          {TEXTURES[i % TEXTURES.length] ? (
            <path
              d={TEXTURES[i % TEXTURES.length]}
              stroke="var(--surface)"
              strokeOpacity={0.7}
              strokeWidth={i % TEXTURES.length === 2 ? 2.6 : 1.4}
              strokeLinecap="round"
            />
          ) : null}
        </pattern>
      ))}
    </defs>
  );
}

interface DotProps {
  cx?: number;
  cy?: number;
  index?: number;
  value?: unknown;
}

/** A line's markers: one every `step` points, starting at `offset`. */
function sparseDots(shape: MarkerShape, color: string, step: number, offset: number, hollow: boolean) {
  function SparseDot(props: DotProps): ReactElement {
    const { cx, cy, index = 0 } = props;
    if (cx === undefined || cy === undefined || !Number.isFinite(cx) || !Number.isFinite(cy) || (index - offset) % step !== 0) {
      return <g key={`dot-${index}`} />;
    }
    return (
      <g key={`dot-${index}`}>
        <Marker shape={shape} cx={cx} cy={cy} color={color} hollow={hollow} />
      </g>
    );
  }
  return SparseDot;
}

function LegendSwatch({
  i,
  color: seriesFill,
  filled,
  comparison,
  marker = true,
  patternId,
}: {
  i: number;
  color: string;
  filled: boolean;
  comparison?: boolean;
  /** Whether the series draws markers, so its swatch shows one. */
  marker?: boolean;
  patternId: string;
}) {
  const color = comparison ? "var(--chart-axis)" : seriesFill;
  return (
    <svg aria-hidden width={28} height={14} viewBox="0 0 28 14" className="shrink-0 overflow-visible">
      {filled && !comparison ? (
        <rect x={2} y={1} width={24} height={12} rx={2} fill={`url(#${patternId}-texture-${i})`} stroke={color} />
      ) : (
        <line x1={1} y1={7} x2={27} y2={7} stroke={color} strokeWidth={2} strokeDasharray={comparison ? COMPARISON_DASH : undefined} />
      )}
      {comparison || !marker ? null : <Marker shape={seriesMarker(i)} cx={14} cy={7} color={color} />}
    </svg>
  );
}

type TooltipExtras = Pick<TimeSeriesChartProps, "valueFormatter" | "indexFormatter" | "categoryLabels" | "comparison" | "categories" | "clickHint" | "marks"> & {
  colors: readonly string[];
  patternId: string;
  filled: boolean;
};

function ChartTooltip({ active, payload, label, valueFormatter, indexFormatter, categoryLabels, comparison, categories = [], colors, patternId, filled, clickHint, marks = [] }: TooltipContentProps & TooltipExtras) {
  if (!active || !payload?.length) return null;
  const datum = (payload[0]?.payload ?? {}) as ChartDatum;
  const format = (v: number | null | undefined) => (typeof v === "number" ? (valueFormatter ? valueFormatter(v) : String(v)) : "—");
  const heading = indexFormatter ? indexFormatter(String(label)) : String(label);
  const comparisonPeriod = comparison?.indexKey ? datum[comparison.indexKey] : undefined;
  const num = (v: unknown) => (typeof v === "number" ? v : null);
  return (
    <div className="max-w-sm rounded-md border border-line bg-surface px-3 py-2 text-sm shadow-lg" role="status">
      <p className="font-medium text-fg">{heading}</p>
      {comparison ? (
        <p className="text-xs text-muted">
          vs {comparison.label}
          {typeof comparisonPeriod === "string" ? `: ${indexFormatter ? indexFormatter(comparisonPeriod) : comparisonPeriod}` : ""}
        </p>
      ) : null}
      <table className="mt-1 w-full border-separate border-spacing-x-2 border-spacing-y-0.5 tabular-nums">
        {comparison ? (
          <thead className="text-xs text-muted">
            <tr>
              <td />
              <th scope="col" className="text-right font-normal">
                Value
              </th>
              <th scope="col" className="text-right font-normal">
                Compared
              </th>
              <th scope="col" className="text-right font-normal">
                Change
              </th>
            </tr>
          </thead>
        ) : null}
        <tbody>
          {categories.map((category, i) => {
            const value = num(datum[category]);
            const comparisonValue = comparison ? num(datum[comparison.keys[category] ?? ""]) : null;
            const change = relativeChange(value, comparisonValue);
            return (
              <tr key={category}>
                <th scope="row" className="flex items-center gap-1.5 text-left font-normal text-muted">
                  <LegendSwatch i={i} color={colors[i] ?? seriesColor(i)} filled={filled} marker={categories.length > 1} patternId={patternId} />
                  {categoryLabels?.[category] ?? category}
                </th>
                <td className="text-right font-medium text-fg">{format(value)}</td>
                {comparison ? (
                  <>
                    <td className="text-right text-muted">{format(comparisonValue)}</td>
                    <td className="text-right text-muted">{change === null ? "" : formatChange(change)}</td>
                  </>
                ) : null}
              </tr>
            );
          })}
        </tbody>
      </table>
      {marksAt(marks, String(label)).map((m) => (
        <p key={`${m.title}-${m.detail}`} className="mt-1.5 border-t border-line pt-1.5 text-xs">
          <span className="font-semibold" style={{ color: TONE_COLOR[m.tone] }}>
            <span aria-hidden>{m.symbol} </span>
            {m.title}
          </span>
          <span className="block text-fg">{m.detail}</span>
        </p>
      ))}
      {clickHint ? <p className="mt-1 text-xs text-muted">{clickHint}</p> : null}
    </div>
  );
}

const identity = (value: string | number) => String(value);

/**
 * A time series as lines, areas or bars, with optional stacking and a dashed
 * comparison series per category. Keyboard: Tab focuses the chart, the arrow
 * keys move the active period and its tooltip. Draws at most `maxPoints`
 * periods, downsampling longer data.
 */
export function TimeSeriesChart({
  data,
  index,
  categories,
  categoryLabels,
  categoryColors,
  type = "line",
  stacked = false,
  comparison,
  valueFormatter,
  valueTickFormatter = valueFormatter,
  indexFormatter,
  indexTickFormatter,
  indexTicks,
  highlight,
  label,
  height = 320,
  showLegend = categories.length > 1 || comparison !== undefined,
  maxPoints = MAX_CHART_POINTS,
  onIndexClick,
  clickHint,
  marks = [],
}: TimeSeriesChartProps) {
  const reducedMotion = useReducedMotion();
  const patternId = `ts${useId().replace(/[^A-Za-z0-9]/g, "")}`;
  const animate = !reducedMotion;
  const drawn =
    data.length > maxPoints
      ? downsampleRows(data, maxPoints, (d) => categories.reduce((sum, c) => sum + (typeof d[c] === "number" ? d[c] : 0), 0))
      : [...data];
  const multiple = categories.length > 1;
  const stack = stacked && type !== "line" ? "stack" : undefined;
  const filled = type === "bar" || (type === "area" && stack !== undefined);
  const step = Math.max(1, Math.ceil(drawn.length / MARKERS_PER_LINE));
  const offset = (i: number) => Math.floor((i * step) / Math.max(1, categories.length));
  const axisTick = { fill: "var(--chart-axis)", fontSize: 12 };
  const name = (category: string) => categoryLabels?.[category] ?? category;
  const colors = categories.map((category, i) => seriesColor(categoryColors?.[category] ?? i));
  const colorOf = (i: number) => colors[i] ?? seriesColor(i);
  const placedMarks = placeMarks(marks, drawn.map((d) => String(d[index])));

  const series = categories.map((category, i) => {
    const color = colorOf(i);
    const dot = multiple ? sparseDots(seriesMarker(i), color, step, offset(i), false) : false;
    const common = { dataKey: category, name: name(category), isAnimationActive: animate } as const;
    if (type === "bar") {
      return (
        <Bar
          key={category}
          {...common}
          stackId={stack}
          fill={multiple ? `url(#${patternId}-texture-${i})` : color}
          stroke={multiple ? color : undefined}
          strokeWidth={multiple ? 0.5 : 0}
          maxBarSize={48}
        />
      );
    }
    if (type === "area") {
      return (
        <Area
          key={category}
          {...common}
          type="linear"
          stackId={stack}
          stroke={color}
          strokeWidth={2}
          fill={stack && multiple ? `url(#${patternId}-texture-${i})` : color}
          fillOpacity={stack ? 0.75 : 0.12}
          dot={dot}
          activeDot={{ r: 4, strokeWidth: 0 }}
          connectNulls={false}
        />
      );
    }
    return (
      <Line
        key={category}
        {...common}
        type="linear"
        stroke={color}
        strokeWidth={2}
        dot={dot}
        activeDot={{ r: 4, strokeWidth: 0 }}
        connectNulls={false}
      />
    );
  });

  const comparisonSeries = comparison
    ? categories.map((category, i) => {
        const key = comparison.keys[category];
        if (!key) return null;
        const color = colorOf(i);
        const common = {
          dataKey: key,
          name: `${name(category)} (${comparison.label})`,
          stroke: color,
          strokeWidth: 1.5,
          strokeDasharray: COMPARISON_DASH,
          strokeOpacity: 0.9,
          isAnimationActive: animate,
          activeDot: { r: 3, strokeWidth: 0 },
          dot: multiple ? sparseDots(seriesMarker(i), color, step, offset(i), true) : (false as const),
          connectNulls: false,
        };
        // Stacked series compare with a stacked outline, so each edge lines up with its counterpart.
        return stack ? (
          <Area key={key} {...common} type="linear" stackId="comparison" fill="none" />
        ) : (
          <Line key={key} {...common} type="linear" />
        );
      })
    : [];

  return (
    <div>
      <ComposedChart
        data={drawn}
        responsive
        style={{ width: "100%", height }}
        margin={{ top: 8, right: 12, bottom: 0, left: 0 }}
        title={label}
        desc={label}
        onClick={onIndexClick ? (state) => state?.activeLabel !== undefined && onIndexClick(String(state.activeLabel)) : undefined}
        className={onIndexClick ? "cursor-pointer" : undefined}
        barCategoryGap={drawn.length > 60 ? 0 : "15%"}
      >
        {filled && multiple ? <Patterns id={patternId} colors={colors} /> : null}
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
            <ChartTooltip
              {...props}
              valueFormatter={valueFormatter}
              indexFormatter={indexFormatter}
              categoryLabels={categoryLabels}
              comparison={comparison}
              categories={categories}
              colors={colors}
              patternId={patternId}
              filled={filled && multiple}
              clickHint={clickHint}
              marks={placedMarks}
            />
          )}
          cursor={type === "bar" ? { fill: "var(--chart-grid)", fillOpacity: 0.6 } : { stroke: "var(--chart-axis)", strokeDasharray: "3 3" }}
          isAnimationActive={false}
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
        {placedMarks.map((m) =>
          m.to === undefined ? null : (
            // A span (a ranged annotation) is shaded behind the series; its rule and symbol mark where it starts.
            <ReferenceArea key={`span-${m.index}-${m.to}-${m.title}-${m.detail}`} x1={m.index} x2={m.to} fill={TONE_COLOR[m.tone]} fillOpacity={0.12} ifOverflow="extendDomain" />
          ),
        )}
        {placedMarks.map((m) =>
          m.expected ? (
            // Where the value was expected: a wide translucent band on the rule, the point outside it.
            <ReferenceLine
              key={`expected-${m.index}-${m.detail}`}
              segment={[
                { x: m.index, y: m.expected.low },
                { x: m.index, y: m.expected.high },
              ]}
              stroke={TONE_COLOR[m.tone]}
              strokeOpacity={0.35}
              strokeWidth={10}
              strokeLinecap="round"
              ifOverflow="extendDomain"
            />
          ) : null,
        )}
        {series}
        {comparisonSeries}
        {placedMarks.map((m) => (
          <ReferenceLine
            key={`${m.index}-${m.title}-${m.detail}`}
            x={m.index}
            stroke={TONE_COLOR[m.tone]}
            strokeWidth={1.5}
            strokeDasharray="2 3"
            ifOverflow="extendDomain"
          />
        ))}
        {/* Symbols after every rule, so a later mark's rule never crosses an earlier mark's symbol. */}
        {placedMarks.map((m, i) => (
          <ReferenceLine
            key={`symbol-${m.index}-${m.title}-${m.detail}`}
            x={m.index}
            stroke="none"
            ifOverflow="extendDomain"
            label={(props: { viewBox?: { x?: number; y?: number } }) => <MarkSymbol viewBox={props.viewBox} mark={m} stack={placedMarks.slice(0, i).filter((o) => o.index === m.index).length} />}
          />
        ))}
      </ComposedChart>
      {showLegend ? (
        <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs text-muted" aria-label="Legend">
          {categories.map((category, i) => (
            <li key={category} className="flex items-center gap-1.5">
              <LegendSwatch i={i} color={colorOf(i)} filled={filled && multiple} marker={multiple} patternId={patternId} />
              <span className="text-fg">{name(category)}</span>
            </li>
          ))}
          {comparison ? (
            <li className="flex items-center gap-1.5">
              <LegendSwatch i={0} color={colorOf(0)} filled={false} comparison patternId={patternId} />
              <span className="text-fg">
                {comparison.label} <span className="text-muted">(dashed{multiple ? ", same colour and marker" : ""})</span>
              </span>
            </li>
          ) : null}
        </ul>
      ) : null}
    </div>
  );
}
