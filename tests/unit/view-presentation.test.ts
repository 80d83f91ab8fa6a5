import { describe, expect, it } from "vitest";
import { assembleMetricView, type StoredPoint } from "@/lib/metrics/view-assembly";
import type { MetricViewData } from "@/lib/metrics/view-data-schema";
import { planMetricView, type ViewMetric } from "@/lib/metrics/view-plan";
import {
  formatRange,
  metricViewCsvRecords,
  metricViewFileName,
  metricViewTitle,
  summarizeMetricView,
  toViewChartData,
} from "@/lib/metrics/view-presentation";
import { type MetricView, metricViewSchema } from "@/lib/metrics/view-schema";

const revenue: ViewMetric = {
  key: "revenue",
  name: "Revenue",
  kind: "aggregate",
  unit: "currency",
  currency: "USD",
  direction: "higher_is_better",
  grains: ["day"],
  dimensions: ["country"],
  additive: true,
};
const p = (period: string, dimensionValue: string, value: number | null, runId = "run-1"): StoredPoint => ({
  period,
  dimension: dimensionValue ? "country" : "",
  dimensionValue,
  value,
  runId,
});

const points = [
  p("2026-01-08", "", 100),
  p("2026-01-09", "", 150),
  p("2026-01-08", "US", 60),
  p("2026-01-08", "DE", 30),
  p("2026-01-08", "FR", 10),
  p("2026-01-09", "US", 90),
  p("2026-01-09", "DE", 40),
  p("2026-01-09", "FR", 20),
];
const previous = [p("2026-01-06", "", 80, "run-0"), p("2026-01-07", "", 120, "run-0"), p("2026-01-06", "US", 50, "run-0"), p("2026-01-07", "US", 70, "run-0")];

function data(v: Partial<MetricView>, metric: ViewMetric = revenue): MetricViewData {
  const view = { ...metricViewSchema.parse({}), range: "custom" as const, from: "2026-01-08", to: "2026-01-09", ...v };
  const plan = planMetricView({ metric, view, bounds: { from: "2026-01-01", through: "2026-01-09" }, today: "2030-01-01" });
  const read = (list: StoredPoint[]) =>
    list.filter((x) => (plan.read.dimension === "" ? x.dimension === "" : x.dimension === "" ? plan.read.withTotal : plan.read.value === null || x.dimensionValue === plan.read.value));
  return assembleMetricView(plan, { points: read(points), comparisonPoints: read(previous), lastRun: null });
}

describe("toViewChartData", () => {
  it("flattens values and comparison values under safe keys", () => {
    const chart = toViewChartData(data({ by: "country", top: 1, compare: "previous" }));
    expect(chart.categories).toEqual(["s0", "other"]);
    expect(chart.labels).toEqual({ s0: "US", other: "Other" });
    expect(chart.comparisonKeys).toEqual({ s0: "s0_cmp", other: "other_cmp" });
    expect(chart.rows).toEqual([
      { period: "2026-01-08", s0: 60, other: 40, comparisonPeriod: "2026-01-06", s0_cmp: 50, other_cmp: 30 },
      { period: "2026-01-09", s0: 90, other: 60, comparisonPeriod: "2026-01-07", s0_cmp: 70, other_cmp: 50 },
    ]);
  });
  it("has no comparison keys without a comparison", () => {
    expect(toViewChartData(data({})).comparisonKeys).toBeUndefined();
  });
});

describe("metricViewTitle and formatRange", () => {
  it.each<[Partial<MetricView>, string]>([
    [{}, "Revenue by day"],
    [{ by: "country" }, "Revenue by day and country"],
    [{ filters: { country: "DE" } }, "Revenue by day, country DE"],
  ])("%j -> %s", (v, expected) => expect(metricViewTitle(data(v))).toBe(expected));

  it("formats a span of days", () => {
    expect(formatRange("2026-07-03", "2026-09-30")).toBe("Jul 3, 2026 – Sep 30, 2026");
    expect(formatRange("2026-07-03", "2026-07-03")).toBe("Jul 3, 2026");
  });
});

describe("summarizeMetricView", () => {
  it.each<[Partial<MetricView>, string]>([
    [{}, "Revenue by day, 2 days from Jan 8, 2026 to Jan 9, 2026: latest $150.00 (Jan 9, 2026), +50.0% from the previous day; highest $150.00 (Jan 9, 2026), lowest $100.00 (Jan 8, 2026)."],
    [
      { compare: "previous" },
      "Revenue by day, 2 days from Jan 8, 2026 to Jan 9, 2026: latest $150.00 (Jan 9, 2026), +50.0% from the previous day; highest $150.00 (Jan 9, 2026), lowest $100.00 (Jan 8, 2026); against the previous period, Jan 9, 2026 $150.00 vs $120.00 (Jan 7, 2026), +25.0%.",
    ],
    [
      { by: "country", top: 2 },
      "Revenue by day and country, 2 days from Jan 8, 2026 to Jan 9, 2026: largest US ($150.00 in total, 60%), then DE ($70.00, 28%); Other ($30.00, 12%).",
    ],
    [
      { by: "country", top: 1, compare: "previous" },
      "Revenue by day and country, 2 days from Jan 8, 2026 to Jan 9, 2026: largest US ($150.00 in total, 60%); Other ($100.00, 40%); complete days total $250.00 against $200.00 in the previous period (+25.0%).",
    ],
    [{ filters: { country: "FR" } }, "Revenue (country FR) by day, 2 days from Jan 8, 2026 to Jan 9, 2026: latest $20.00 (Jan 9, 2026), +100.0% from the previous day; highest $20.00 (Jan 9, 2026), lowest $10.00 (Jan 8, 2026)."],
    [{ range: "custom", from: "2025-01-01", to: "2025-01-31" }, "Revenue by day has no data from Jan 1, 2025 to Jan 31, 2025."],
  ])("%j", (v, expected) => expect(summarizeMetricView(data(v))).toBe(expected));

  it("compares averages, not sums, of values that do not add up", () => {
    expect(summarizeMetricView(data({ by: "country" }, { ...revenue, additive: false }))).toBe(
      "Revenue by day and country, 2 days from Jan 8, 2026 to Jan 9, 2026: highest on average US ($75.00), then DE ($35.00), FR ($15.00).",
    );
  });
});

describe("metricViewCsvRecords", () => {
  it.each<[Partial<MetricView>, string[][]]>([
    [
      {},
      [
        ["period", "value", "run_id"],
        ["2026-01-08", "100", "run-1"],
        ["2026-01-09", "150", "run-1"],
      ],
    ],
    [
      { compare: "previous", filters: { country: "US" } },
      [
        ["period", "country", "value", "run_id", "comparison_period", "comparison_value", "comparison_run_id"],
        ["2026-01-08", "US", "60", "run-1", "2026-01-06", "50", "run-0"],
        ["2026-01-09", "US", "90", "run-1", "2026-01-07", "70", "run-0"],
      ],
    ],
    [
      { by: "country", top: 2 },
      [
        ["period", "country", "value", "run_id"],
        ["2026-01-08", "US", "60", "run-1"],
        ["2026-01-08", "DE", "30", "run-1"],
        ["2026-01-08", "(other)", "10", ""],
        ["2026-01-09", "US", "90", "run-1"],
        ["2026-01-09", "DE", "40", "run-1"],
        ["2026-01-09", "(other)", "20", ""],
      ],
    ],
  ])("%j", (v, expected) => expect(metricViewCsvRecords(data(v))).toEqual(expected));
});

describe("metricViewFileName", () => {
  it.each<[Partial<MetricView>, string]>([
    [{}, "revenue_2026-01-08_2026-01-09_day"],
    [{ by: "country", compare: "year" }, "revenue_2026-01-08_2026-01-09_day_by-country_vs-year"],
    [{ filters: { country: "Côte d'Ivoire" } }, "revenue_2026-01-08_2026-01-09_day_country-C-te-d-Ivoire"],
  ])("%j -> %s", (v, expected) => expect(metricViewFileName(data(v))).toBe(expected));
});
