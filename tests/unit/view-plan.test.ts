import { describe, expect, it } from "vitest";
import { type Grain, metricDefinitionSchema } from "@/lib/metrics/definition-schema";
import {
  chooseGrain,
  clipToData,
  describeResolution,
  isAdditiveDefinition,
  normalizeMetricView,
  planComparison,
  planMetricView,
  resolveRange,
  type ViewMetric,
} from "@/lib/metrics/view-plan";
import { type MetricView, metricViewSchema } from "@/lib/metrics/view-schema";

const view = (v: Partial<MetricView> = {}): MetricView => ({ ...metricViewSchema.parse({}), ...v });

const revenue: ViewMetric = {
  key: "revenue",
  name: "Revenue",
  kind: "aggregate",
  unit: "currency",
  currency: "USD",
  direction: "higher_is_better",
  grains: ["day", "week", "month", "quarter"],
  dimensions: ["country", "platform"],
  additive: true,
};
const aov: ViewMetric = { ...revenue, key: "aov", name: "Average order value", additive: false };

const bounds = { from: "2024-10-01", through: "2026-09-30" };

describe("isAdditiveDefinition", () => {
  const base = { key: "m", name: "M", description: "d", unit: "count", owner: "o", table: "t", time_column: "at" };
  it.each([
    [{ ...base, kind: "aggregate", aggregate: { fn: "sum", column: "x" } }, true],
    [{ ...base, kind: "aggregate", aggregate: { fn: "count" } }, true],
    [{ ...base, kind: "aggregate", aggregate: { fn: "count_distinct", column: "x" } }, false],
    [{ ...base, kind: "aggregate", aggregate: { fn: "avg", column: "x" } }, false],
    [{ ...base, kind: "aggregate", aggregate: { fn: "max", column: "x" } }, false],
    [{ ...base, kind: "rolling_distinct", column: "u", window_days: 30 }, false],
    [{ ...base, kind: "cumulative", aggregate: { fn: "count" } }, false],
    [{ key: "r", name: "R", description: "d", unit: "percent", owner: "o", kind: "ratio", numerator: "a", denominator: "b" }, false],
    [{ key: "d", name: "D", description: "d", unit: "number", owner: "o", kind: "derived", expression: "a / b" }, false],
  ])("%j -> %s", (definition, expected) => expect(isAdditiveDefinition(metricDefinitionSchema.parse(definition))).toBe(expected));
});

describe("resolveRange", () => {
  it.each<[Partial<MetricView>, { from: string; to: string; label: string }]>([
    [{ range: "7d" }, { from: "2026-09-24", to: "2026-09-30", label: "Last 7 days" }],
    [{ range: "30d" }, { from: "2026-09-01", to: "2026-09-30", label: "Last 30 days" }],
    [{ range: "90d" }, { from: "2026-07-03", to: "2026-09-30", label: "Last 90 days" }],
    [{ range: "12m" }, { from: "2025-10-01", to: "2026-09-30", label: "Last 12 months" }],
    [{ range: "ytd" }, { from: "2026-01-01", to: "2026-09-30", label: "Year to date" }],
    [{ range: "all" }, { from: "2024-10-01", to: "2026-09-30", label: "All data" }],
    [{ range: "custom", from: "2025-01-01", to: "2025-03-31" }, { from: "2025-01-01", to: "2025-03-31", label: "Custom range" }],
  ])("%j ends at the latest data", (v, expected) => {
    expect(resolveRange(view(v), bounds, "2030-01-01")).toMatchObject(expected);
  });

  it("ends at today without data", () => {
    expect(resolveRange(view({ range: "7d" }), { from: null, through: null }, "2026-01-10")).toMatchObject({ from: "2026-01-04", to: "2026-01-10" });
    expect(resolveRange(view({ range: "all" }), { from: null, through: null }, "2026-01-10")).toMatchObject({ from: "2026-01-10", to: "2026-01-10" });
  });
});

describe("clipToData", () => {
  it.each([
    ["2020-01-01", "2030-01-01", { from: "2024-10-01", to: "2026-09-30" }],
    ["2025-01-01", "2025-02-01", { from: "2025-01-01", to: "2025-02-01" }],
    ["2027-01-01", "2027-02-01", null],
  ])("[%s, %s]", (from, to, expected) => expect(clipToData(from, to, bounds)).toEqual(expected));
  it("is null without data", () => expect(clipToData("2025-01-01", "2025-02-01", { from: null, through: null })).toBeNull());
});

describe("chooseGrain", () => {
  const all: Grain[] = ["day", "week", "month", "quarter"];
  const twoYears = { from: "2024-10-01", to: "2026-09-30" };
  const fourYears = { from: "2022-10-01", to: "2026-09-30" };
  it.each<[string, Grain | undefined, Grain[], { from: string; to: string } | null, number, { grain: Grain; movedFrom: Grain | null; periods: number }]>([
    ["the asked grain fits", "day", all, twoYears, 1000, { grain: "day", movedFrom: null, periods: 730 }],
    ["no grain asked: the finest that fits", undefined, all, twoYears, 1000, { grain: "day", movedFrom: null, periods: 730 }],
    ["too many days: weeks", "day", all, fourYears, 1000, { grain: "week", movedFrom: "day", periods: 210 }],
    ["no grain asked, too many days: weeks", undefined, all, fourYears, 1000, { grain: "week", movedFrom: "day", periods: 210 }],
    ["skips to the metric's next grain", "day", ["day", "month"], fourYears, 100, { grain: "month", movedFrom: "day", periods: 48 }],
    ["nothing fits: the coarsest, to downsample", "day", ["day", "week"], fourYears, 100, { grain: "week", movedFrom: "day", periods: 210 }],
    ["only one grain: it, to downsample", "day", ["day"], fourYears, 1000, { grain: "day", movedFrom: null, periods: 1461 }],
    ["never finer than asked", "month", all, twoYears, 1000, { grain: "month", movedFrom: null, periods: 24 }],
    ["no data: the asked grain", "week", all, null, 1000, { grain: "week", movedFrom: null, periods: 0 }],
  ])("%s", (_case, requested, grains, span, maxPoints, expected) => {
    expect(chooseGrain({ requested, grains, span, maxPoints })).toEqual(expected);
  });
});

describe("describeResolution", () => {
  it.each([
    [{ grain: "day" as Grain, movedFrom: null, downsampled: null }, null],
    [
      { grain: "week" as Grain, movedFrom: "day" as Grain, movedFromPeriods: 1461, downsampled: null },
      "Showing weeks instead of days: 1,461 days would be more than the 1,000 points a chart draws.",
    ],
    [
      { grain: "day" as Grain, movedFrom: null, downsampled: { drawn: 1000, total: 1461 } },
      "Downsampled: 1,000 of 1,461 days are drawn, chosen to keep the shape of the series (largest-triangle-three-buckets); the table and CSV hold the same 1,000.",
    ],
  ])("%j", (options, expected) => expect(describeResolution(options)).toBe(expected));
});

describe("planComparison", () => {
  it.each<[Grain, "previous" | "year", string, string, { from: string; to: string; first: string; last: string }]>([
    ["day", "previous", "2026-09-01", "2026-09-30", { from: "2026-08-02", to: "2026-08-31", first: "2026-08-02", last: "2026-08-31" }],
    ["week", "previous", "2026-06-29", "2026-09-30", { from: "2026-03-23", to: "2026-06-28", first: "2026-03-23", last: "2026-06-22" }],
    ["month", "previous", "2025-10-01", "2026-09-30", { from: "2024-10-01", to: "2025-09-30", first: "2024-10-01", last: "2025-09-01" }],
    ["day", "year", "2026-09-01", "2026-09-30", { from: "2025-09-01", to: "2025-09-30", first: "2025-09-01", last: "2025-09-30" }],
    ["week", "year", "2026-06-29", "2026-09-30", { from: "2025-06-30", to: "2025-10-01", first: "2025-06-30", last: "2025-09-29" }],
    ["quarter", "year", "2026-01-01", "2026-09-30", { from: "2025-01-01", to: "2025-09-30", first: "2025-01-01", last: "2025-07-01" }],
  ])("%s %s of %s..%s", (grain, kind, from, to, expected) => {
    const plan = planComparison(kind, from, to, grain);
    const lastPeriod = { day: to, week: "2026-09-28", month: "2026-09-01", quarter: "2026-07-01" }[grain];
    expect(plan).toMatchObject({ kind, from: expected.from, to: expected.to });
    expect(plan?.align(from)).toBe(expected.first);
    expect(plan?.align(lastPeriod)).toBe(expected.last);
  });
  it("is null for none", () => expect(planComparison("none", "2026-01-01", "2026-01-31", "day")).toBeNull());
});

describe("normalizeMetricView", () => {
  it.each<[string, ViewMetric, Partial<MetricView>, Partial<MetricView>, RegExp[]]>([
    ["keeps a view the metric can show", revenue, { grain: "week", by: "country" }, { grain: "week", by: "country" }, []],
    ["drops an unknown grain", { ...revenue, grains: ["day", "week"] }, { grain: "month" }, { grain: undefined }, [/“month” is not a grain of Revenue/]],
    ["drops an unknown dimension", revenue, { by: "city" }, { by: undefined }, [/“city” is not a dimension of Revenue; break down by “country”, “platform”/]],
    ["drops a second filter", revenue, { filters: { country: "DE", platform: "ios" } }, { filters: { country: "DE" } }, [/Only one filter/]],
    ["drops a filter beside a breakdown", revenue, { by: "platform", filters: { country: "DE" } }, { by: "platform", filters: {} }, [/cannot be combined with a breakdown/]],
    ["does not stack what does not add up", aov, { by: "country", stacked: true, chart: "area" }, { stacked: false }, [/Not stacked: values of Average order value do not add up/]],
    ["falls back from a broken custom range", revenue, { range: "custom", from: "2026-02-01", to: "2026-01-01" }, { range: "all", from: undefined, to: undefined }, [/custom range/]],
    ["forgets days outside a custom range", revenue, { range: "7d", from: "2026-01-01", to: "2026-02-01" }, { range: "7d", from: undefined, to: undefined }, []],
  ])("%s", (_case, metric, asked, expected, warnings) => {
    const result = normalizeMetricView(view(asked), metric);
    for (const [field, value] of Object.entries(expected)) expect(result.view[field as keyof MetricView]).toEqual(value);
    expect(result.warnings).toHaveLength(warnings.length);
    warnings.forEach((pattern, i) => expect(result.warnings[i]).toMatch(pattern));
  });
});

describe("planMetricView", () => {
  it("snaps the range to the grain and names what to read", () => {
    const plan = planMetricView({ metric: revenue, view: view({ range: "90d", grain: "week", by: "country", compare: "year" }), bounds, today: "2030-01-01" });
    expect(plan.range).toMatchObject({ from: "2026-06-29", to: "2026-09-30" });
    expect(plan.grain).toBe("week");
    expect(plan.read).toEqual({ dimension: "country", value: null, withTotal: true });
    expect(plan.comparison).toMatchObject({ kind: "year", from: "2025-06-30" });
  });

  it.each<[ViewMetric, Partial<MetricView>, { dimension: string; value: string | null; withTotal: boolean }]>([
    [revenue, {}, { dimension: "", value: "", withTotal: false }],
    [revenue, { filters: { country: "DE" } }, { dimension: "country", value: "DE", withTotal: false }],
    [aov, { by: "country" }, { dimension: "country", value: null, withTotal: false }],
  ])("reads %#", (metric, v, read) => {
    expect(planMetricView({ metric, view: view(v), bounds, today: "2030-01-01" }).read).toEqual(read);
  });

  it("moves to a coarser grain within a smaller budget", () => {
    const plan = planMetricView({ metric: revenue, view: view({ grain: "day" }), bounds, today: "2030-01-01", maxPoints: 200 });
    expect(plan).toMatchObject({ grain: "week", movedFrom: "day", movedFromPeriods: 730 });
  });
});
