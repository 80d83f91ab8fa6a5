import { Callout } from "@/components/ui/callout";
import { Card } from "@/components/ui/card";
import { formatEffect } from "@/lib/drivers/drivers-assembly";
import { DRIVERS_PARAMS } from "@/lib/drivers/drivers-params";
import type { DimensionDrivers, MetricDrivers } from "@/lib/drivers/drivers-schema";
import { percentText } from "@/lib/intent/words";
import type { Grain } from "@/lib/metrics/definition-schema";
import { formatChange, formatPeriod, formatValue, type ValueFormat } from "@/lib/metrics/format";

const PERCENT: ValueFormat = { unit: "percent" };
const cell = "px-3 py-2 text-right tabular-nums whitespace-nowrap";
const head = "px-3 py-2 text-right font-medium";

const capitalized = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function shareText(share: number | null): string {
  if (share === null) return "—";
  return `${share >= 0 ? "explains" : "offsets"} ${percentText(share)}`;
}

/** "the week of Sep 21, 2026", "September 2026". */
function periodName(period: string, grain: Grain, sentenceStart = false): string {
  const text = formatPeriod(period, grain);
  if (grain !== "week") return text;
  return sentenceStart ? `The ${text.charAt(0).toLowerCase()}${text.slice(1)}` : `the ${text.charAt(0).toLowerCase()}${text.slice(1)}`;
}

const signed = (v: number, format: ValueFormat) => `${v > 0 ? "+" : ""}${formatValue(v, format)}`;

function DimensionTable({ drivers, part, format }: { drivers: MetricDrivers; part: DimensionDrivers; format: ValueFormat }) {
  const before = formatPeriod(drivers.previousPeriod, drivers.grain);
  const after = formatPeriod(drivers.currentPeriod, drivers.grain);
  const caption = `${drivers.name} by ${part.dimension}, ${after} vs ${before}, largest movers first`;
  const dimensionHead = (
    <th scope="col" className="px-3 py-2 text-left font-medium">
      {capitalized(part.dimension)}
    </th>
  );
  if (part.kind === "ratio") {
    return (
      <table className="w-full min-w-[44rem] text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="border-b border-line bg-raised text-xs text-muted">
          <tr>
            {dimensionHead}
            <th scope="col" className={head}>Rate before</th>
            <th scope="col" className={head}>Rate after</th>
            <th scope="col" className={head}>Share of {drivers.ratio?.denominator ?? "denominator"} before → after</th>
            <th scope="col" className={head}>Rate effect</th>
            <th scope="col" className={head}>Mix effect</th>
            <th scope="col" className={head}>Part of change</th>
            <th scope="col" className={head}>Share of change</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-line">
          {part.decomposition.contributions.map((c) => (
            <tr key={c.value}>
              <th scope="row" className="px-3 py-2 text-left font-medium text-fg">{c.value}</th>
              <td className={cell}>{formatValue(c.previousRate, format)}</td>
              <td className={cell}>{formatValue(c.currentRate, format)}</td>
              <td className={cell}>
                {formatValue(c.previousWeight, PERCENT)} → {formatValue(c.currentWeight, PERCENT)}
              </td>
              <td className={cell}>{formatEffect(c.rateEffect, format)}</td>
              <td className={cell}>{formatEffect(c.mixEffect, format)}</td>
              <td className={`${cell} font-medium text-fg`}>{formatEffect(c.effect, format)}</td>
              <td className={cell}>{shareText(c.share)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot className="border-t border-line-strong text-muted">
          <tr>
            <th scope="row" className="px-3 py-2 text-left font-medium">Total</th>
            <td className={cell}>{formatValue(part.decomposition.previousRate, format)}</td>
            <td className={cell}>{formatValue(part.decomposition.currentRate, format)}</td>
            <td className={cell}>100% → 100%</td>
            <td className={cell}>{formatEffect(part.decomposition.rateEffect, format)}</td>
            <td className={cell}>{formatEffect(part.decomposition.mixEffect, format)}</td>
            <td className={`${cell} font-medium text-fg`}>{part.decomposition.change === null ? "—" : formatEffect(part.decomposition.change, format)}</td>
            <td className={cell}>{part.decomposition.change === null ? "—" : "100%"}</td>
          </tr>
        </tfoot>
      </table>
    );
  }
  const d = part.decomposition;
  const shares = drivers.method !== "own_change";
  return (
    <table className="w-full min-w-[36rem] text-sm">
      <caption className="sr-only">{caption}</caption>
      <thead className="border-b border-line bg-raised text-xs text-muted">
        <tr>
          {dimensionHead}
          <th scope="col" className={head}>{before}</th>
          <th scope="col" className={head}>{after}</th>
          <th scope="col" className={head}>Change</th>
          <th scope="col" className={head}>Change %</th>
          {shares ? <th scope="col" className={head}>{d.additive ? "Share of change" : "Share of the values' changes"}</th> : null}
        </tr>
      </thead>
      <tbody className="divide-y divide-line">
        {d.contributions.map((c) => (
          <tr key={c.value}>
            <th scope="row" className="px-3 py-2 text-left font-medium text-fg">{c.value}</th>
            <td className={cell}>{formatValue(c.previous, format)}</td>
            <td className={cell}>{formatValue(c.current, format)}</td>
            <td className={`${cell} font-medium text-fg`}>{signed(c.delta, format)}</td>
            <td className={cell}>{c.relative === null ? "new" : formatChange(c.relative)}</td>
            {shares ? <td className={cell}>{shareText(c.share)}</td> : null}
          </tr>
        ))}
      </tbody>
      <tfoot className="border-t border-line-strong text-muted">
        <tr>
          <th scope="row" className="px-3 py-2 text-left font-medium">{d.additive ? "Total" : `${drivers.name} (total)`}</th>
          <td className={cell}>{formatValue(d.previousTotal, format)}</td>
          <td className={cell}>{formatValue(d.currentTotal, format)}</td>
          <td className={`${cell} font-medium text-fg`}>{signed(d.change, format)}</td>
          <td className={cell}>{formatChange(d.relative)}</td>
          {shares ? <td className={cell}>{d.additive ? "100%" : `values sum to ${signed(d.sumOfDeltas, format)}`}</td> : null}
        </tr>
      </tfoot>
    </table>
  );
}

export interface DriversPanelProps {
  metricKey: string;
  metricName: string;
  /** Null when the metric has fewer than two complete periods. */
  drivers: MetricDrivers | null;
  grains: readonly Grain[];
  /** The page's other query parameters, kept when another pair of periods is picked. */
  keep: readonly (readonly [string, string])[];
  warnings: readonly string[];
}

/**
 * "What drove the change": the headline sentence, a form to pick any two
 * periods (a plain GET form, so the choice lives in the URL), and per
 * dimension each value's part of the change, largest first.
 */
export function DriversPanel({ metricKey, metricName, drivers, grains, keep, warnings }: DriversPanelProps) {
  const format: ValueFormat = drivers ? { unit: drivers.unit, ...(drivers.currency ? { currency: drivers.currency } : {}) } : { unit: "number" };
  const allWarnings = [...warnings, ...(drivers?.warnings ?? [])];
  return (
    <Card as="section" id="drivers" aria-labelledby="drivers-heading" className="scroll-mt-24 p-5">
      <h2 id="drivers-heading" className="font-semibold">
        What drove the change
      </h2>
      {drivers ? (
        <>
          <p className="mt-2 text-lg font-medium text-fg">{drivers.sentence}</p>
          <p className="mt-1 max-w-3xl text-sm text-muted">
            {periodName(drivers.currentPeriod, drivers.grain, true)} compared with {periodName(drivers.previousPeriod, drivers.grain)}. Each table splits the change by one dimension, the values that moved most first.
            {drivers.note ? ` ${drivers.note}` : ""}
          </p>
        </>
      ) : (
        <p className="mt-2 text-sm text-muted">{metricName} has fewer than two complete periods of data, so there is no change to explain yet.</p>
      )}
      {allWarnings.length ? (
        <div className="mt-3">
          <Callout tone="warning" title={allWarnings.length === 1 ? "One choice was changed" : `${allWarnings.length} choices were changed`}>
            <ul className="list-disc space-y-0.5 pl-4">
              {allWarnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          </Callout>
        </div>
      ) : null}
      {drivers ? (
        <form method="get" action={`/metrics/${metricKey}#drivers`} className="mt-4 flex flex-wrap items-end gap-3 rounded-lg border border-line bg-raised/40 p-3 text-sm">
          {keep.map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
          <label className="flex flex-col gap-1">
            <span className="font-medium text-fg">Compare</span>
            <select name={DRIVERS_PARAMS.grain} defaultValue={drivers.grain} className="rounded-md border border-line-strong bg-surface px-2 py-1.5 text-fg">
              {grains.map((g) => (
                <option key={g} value={g}>
                  {capitalized(g)}s
                </option>
              ))}
            </select>
          </label>
          <label className="flex flex-col gap-1">
            <span className="font-medium text-fg">Period</span>
            <input
              type="date"
              name={DRIVERS_PARAMS.to}
              defaultValue={drivers.currentPeriod}
              min={drivers.bounds.first ?? undefined}
              max={drivers.bounds.last ?? undefined}
              aria-describedby="drivers-hint"
              className="rounded-md border border-line-strong bg-surface px-2 py-1.5 text-fg"
            />
          </label>
          <label className="flex flex-col gap-1">
            <span className="font-medium text-fg">Compared with</span>
            <input
              type="date"
              name={DRIVERS_PARAMS.from}
              defaultValue={drivers.previousPeriod}
              min={drivers.bounds.first ?? undefined}
              max={drivers.bounds.last ?? undefined}
              aria-describedby="drivers-hint"
              className="rounded-md border border-line-strong bg-surface px-2 py-1.5 text-fg"
            />
          </label>
          <button type="submit" className="rounded-md bg-accent px-3 py-1.5 font-medium text-on-accent hover:opacity-90">
            Show drivers
          </button>
          <p id="drivers-hint" className="w-full text-xs text-muted">
            Any day picks the {drivers.grain} that holds it. Complete {drivers.grain}s run from {drivers.bounds.first ? formatPeriod(drivers.bounds.first, drivers.grain) : "—"} to{" "}
            {drivers.bounds.last ? formatPeriod(drivers.bounds.last, drivers.grain) : "—"}.
          </p>
        </form>
      ) : null}
      {drivers?.dimensions.map((part) => (
        <section key={part.dimension} aria-labelledby={`drivers-${part.dimension}`} className="mt-5">
          <h3 id={`drivers-${part.dimension}`} className="text-sm font-semibold text-fg">
            By {part.dimension}
          </h3>
          <p className="mt-0.5 text-sm text-muted">{part.decomposition.sentence}</p>
          {part.kind === "additive" && part.decomposition.note ? <p className="mt-0.5 text-sm text-muted">{part.decomposition.note}</p> : null}
          <div className="mt-2 overflow-x-auto rounded-lg border border-line">
            <DimensionTable drivers={drivers} part={part} format={format} />
          </div>
        </section>
      ))}
    </Card>
  );
}
