"use client";

import Link, { useLinkStatus } from "next/link";
import { useRouter } from "next/navigation";
import { type FormEvent, type ReactNode, useId, useOptimistic, useState, useTransition } from "react";
import type { Grain } from "@/lib/metrics/definition-schema";
import type { DimensionValues } from "@/lib/metrics/view-data-schema";
import { metricViewHref, metricViewSearchParams } from "@/lib/metrics/view-href";
import type { ChartType, Comparison, MetricView, RangePreset } from "@/lib/metrics/view-schema";

export interface MetricViewControlsProps {
  metricKey: string;
  metricName: string;
  /** The view as applied. */
  view: MetricView;
  /** The grain drawn, which may differ from the one asked for. */
  grain: Grain;
  grains: readonly Grain[];
  dimensions: readonly string[];
  dimensionValues: DimensionValues;
  /** Whether the metric's values add up, so a breakdown can be stacked. */
  additive: boolean;
  /** The days shown, to start a custom range from. */
  range: { from: string; to: string };
  /** The role may break down, filter and compare (the `explore` permission); without it those controls are left out. */
  explore?: boolean;
}

const RANGES: { value: RangePreset; label: string; long: string }[] = [
  { value: "7d", label: "7D", long: "Last 7 days" },
  { value: "30d", label: "30D", long: "Last 30 days" },
  { value: "90d", label: "90D", long: "Last 90 days" },
  { value: "12m", label: "12M", long: "Last 12 months" },
  { value: "ytd", label: "YTD", long: "Year to date" },
  { value: "all", label: "All", long: "All data" },
];
const COMPARES: { value: Comparison; label: string }[] = [
  { value: "none", label: "None" },
  { value: "previous", label: "Previous period" },
  { value: "year", label: "Same period last year" },
];
const CHARTS: { value: ChartType; label: string }[] = [
  { value: "line", label: "Line" },
  { value: "area", label: "Area" },
  { value: "bar", label: "Bar" },
];
const TOPS = [3, 5, 10, 20];

const labelClass = "mb-1 block text-xs font-medium text-muted uppercase tracking-wide";
const fieldClass =
  "rounded-md border border-line-strong bg-surface px-2 py-1 text-sm text-fg disabled:cursor-not-allowed disabled:opacity-60";

/** Marks a link whose navigation is under way. */
function Pending() {
  const { pending } = useLinkStatus();
  return pending ? (
    <span aria-hidden className="ml-1 inline-block size-2 animate-pulse rounded-full bg-current align-middle" />
  ) : null;
}

function Segmented({ label, items }: { label: string; items: { key: string; label: ReactNode; title?: string; href: string; current: boolean }[] }) {
  return (
    <div>
      <span className={labelClass} aria-hidden>
        {label}
      </span>
      <nav aria-label={label}>
        <ul className="inline-flex flex-wrap rounded-lg border border-line bg-raised p-0.5 text-sm">
          {items.map((item) => (
            <li key={item.key}>
              <Link
                href={item.href}
                scroll={false}
                title={item.title}
                aria-current={item.current ? "page" : undefined}
                className="block rounded-md px-2.5 py-1 font-medium whitespace-nowrap text-muted hover:text-fg aria-[current=page]:bg-surface aria-[current=page]:text-fg aria-[current=page]:shadow-sm aria-[current=page]:ring-1 aria-[current=page]:ring-line"
              >
                {item.label}
                <Pending />
              </Link>
            </li>
          ))}
        </ul>
      </nav>
    </div>
  );
}

/**
 * The settings of a metric chart. Every change is a new URL, pushed so Back
 * walks through the changes and a reload shows the same view; links and
 * transitions keep the current chart on screen until the next one is ready.
 */
export function MetricViewControls({ metricKey, metricName, view, grain, grains, dimensions, dimensionValues, additive, range, explore = true }: MetricViewControlsProps) {
  const router = useRouter();
  const id = useId();
  const [pending, startTransition] = useTransition();
  const [shown, setShown] = useOptimistic(view);
  const href = (next: Partial<MetricView>) => metricViewHref(metricKey, { ...view, ...next });
  const go = (next: MetricView) =>
    startTransition(() => {
      setShown(next);
      router.push(metricViewHref(metricKey, next), { scroll: false });
    });

  // The custom range inputs follow the range shown until someone edits them.
  const [days, setDays] = useState(range);
  const [shownRange, setShownRange] = useState(range);
  if (shownRange.from !== range.from || shownRange.to !== range.to) {
    setShownRange(range);
    setDays(range);
  }
  const [rangeError, setRangeError] = useState<string | null>(null);
  function applyCustom(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!days.from || !days.to) return setRangeError("Enter both dates.");
    if (days.from > days.to) return setRangeError("“From” must be on or before “To”.");
    setRangeError(null);
    go({ ...view, range: "custom", from: days.from, to: days.to });
  }

  const filter = Object.entries(shown.filters)[0];
  const filterValue = filter ? JSON.stringify(filter) : "";
  const stackReason = !shown.by
    ? "Stacking needs a breakdown."
    : shown.chart === "line"
      ? "Stacking applies to area and bar charts."
      : !additive
        ? `Values of ${metricName} do not add up, so they are not stacked.`
        : null;
  const ids = { by: `${id}-by`, top: `${id}-top`, filter: `${id}-filter`, stack: `${id}-stack`, stackHint: `${id}-stack-hint`, from: `${id}-from`, to: `${id}-to` };

  return (
    <section aria-labelledby={`${id}-heading`} className="rounded-xl border border-line bg-surface p-4 shadow-[0_1px_2px_rgba(16,24,40,0.04)]">
      <div className="flex items-baseline justify-between gap-3">
        <h2 id={`${id}-heading`} className="text-sm font-semibold">
          Chart settings
        </h2>
        <p role="status" className="text-xs text-muted">
          {pending ? "Updating the chart…" : ""}
        </p>
      </div>
      <div className="mt-3 flex flex-wrap items-end gap-x-6 gap-y-4">
        <Segmented
          label="Range"
          items={RANGES.map((r) => ({
            key: r.value,
            label: (
              <>
                <span aria-hidden>{r.label}</span>
                <span className="sr-only">{r.long}</span>
              </>
            ),
            title: r.long,
            href: href({ range: r.value, from: undefined, to: undefined }),
            current: view.range === r.value,
          }))}
        />
        <form onSubmit={applyCustom} action={`/metrics/${metricKey}`} className="flex flex-wrap items-end gap-2" aria-label="Custom range">
          {/* Without JavaScript the form still works: a GET of the page with the other settings kept. */}
          <input type="hidden" name="range" value="custom" />
          {[...metricViewSearchParams({ ...view, range: "all", from: undefined, to: undefined })].map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
          <div>
            <label htmlFor={ids.from} className={labelClass}>
              From
            </label>
            <input id={ids.from} name="from" type="date" required value={days.from} onChange={(e) => setDays({ ...days, from: e.target.value })} className={fieldClass} />
          </div>
          <div>
            <label htmlFor={ids.to} className={labelClass}>
              To
            </label>
            <input id={ids.to} name="to" type="date" required value={days.to} onChange={(e) => setDays({ ...days, to: e.target.value })} className={fieldClass} />
          </div>
          <button
            type="submit"
            aria-current={view.range === "custom" ? "true" : undefined}
            className="rounded-md border border-line-strong bg-raised px-3 py-1 text-sm font-medium text-fg hover:bg-surface aria-[current=true]:ring-2 aria-[current=true]:ring-accent"
          >
            Apply range
          </button>
          {rangeError ? (
            <p role="alert" className="w-full text-xs text-bad">
              {rangeError}
            </p>
          ) : null}
        </form>
      </div>

      <div className="mt-4 flex flex-wrap items-end gap-x-6 gap-y-4">
        <Segmented
          label="Grain"
          items={grains.map((g) => ({ key: g, label: <span className="capitalize">{g}</span>, href: href({ grain: g }), current: g === grain }))}
        />
        {explore ? (
          <Segmented
            label="Compare"
            items={COMPARES.map((c) => ({ key: c.value, label: c.label, href: href({ compare: c.value }), current: view.compare === c.value }))}
          />
        ) : null}
        <Segmented
          label="Chart type"
          items={CHARTS.map((c) => ({ key: c.value, label: c.label, href: href({ chart: c.value }), current: view.chart === c.value }))}
        />
      </div>

      {explore && dimensions.length ? (
        <div className="mt-4 flex flex-wrap items-end gap-x-6 gap-y-4">
          <div>
            <label htmlFor={ids.by} className={labelClass}>
              Break down by
            </label>
            <select
              id={ids.by}
              value={shown.by ?? ""}
              onChange={(e) => go({ ...view, by: e.target.value || undefined, filters: {}, stacked: e.target.value ? view.stacked : false })}
              className={fieldClass}
            >
              <option value="">Nothing (total)</option>
              {dimensions.map((d) => (
                <option key={d} value={d}>
                  {d}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor={ids.top} className={labelClass}>
              Top values
            </label>
            <select id={ids.top} value={shown.top} disabled={!shown.by} onChange={(e) => go({ ...view, top: Number(e.target.value) })} className={fieldClass}>
              {[...new Set([...TOPS, shown.top])].sort((a, b) => a - b).map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </div>
          <div className="flex items-center gap-2 pb-1">
            <input
              id={ids.stack}
              type="checkbox"
              checked={shown.stacked && !stackReason}
              disabled={stackReason !== null}
              aria-describedby={stackReason ? ids.stackHint : undefined}
              onChange={(e) => go({ ...view, stacked: e.target.checked })}
              className="size-4 accent-[var(--accent)]"
            />
            <label htmlFor={ids.stack} className="text-sm font-medium text-fg">
              Stacked
            </label>
            {stackReason ? (
              <span id={ids.stackHint} className="text-xs text-muted">
                {stackReason}
              </span>
            ) : null}
          </div>
          <div>
            <label htmlFor={ids.filter} className={labelClass}>
              Filter
            </label>
            <select
              id={ids.filter}
              value={filterValue}
              onChange={(e) => {
                const chosen = e.target.value ? (JSON.parse(e.target.value) as [string, string]) : null;
                go({ ...view, filters: chosen ? { [chosen[0]]: chosen[1] } : {}, by: chosen ? undefined : view.by, stacked: chosen ? false : view.stacked });
              }}
              className={`${fieldClass} max-w-[16rem]`}
              aria-describedby={`${id}-filter-hint`}
            >
              <option value="">No filter</option>
              {dimensions.map((d) => (
                <optgroup key={d} label={d}>
                  {(dimensionValues[d] ?? []).map((value) => (
                    <option key={value} value={JSON.stringify([d, value])}>
                      {d}: {value || "(empty)"}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
            <span id={`${id}-filter-hint`} className="sr-only">
              A filter replaces the breakdown: values are stored per single dimension.
            </span>
          </div>
        </div>
      ) : null}
    </section>
  );
}
