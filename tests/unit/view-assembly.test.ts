import { describe, expect, it } from "vitest";
import { assembleMetricView, otherValue, rankDimensionValues, type StoredPoint } from "@/lib/metrics/view-assembly";
import { metricViewDataSchema } from "@/lib/metrics/view-data-schema";
import { planMetricView, type ViewMetric } from "@/lib/metrics/view-plan";
import { type MetricView, metricViewSchema } from "@/lib/metrics/view-schema";

const view = (v: Partial<MetricView> = {}): MetricView => ({ ...metricViewSchema.parse({}), ...v });

const orders: ViewMetric = {
  key: "orders",
  name: "Orders",
  kind: "aggregate",
  unit: "count",
  direction: "higher_is_better",
  grains: ["day", "week"],
  dimensions: ["country"],
  additive: true,
};
const aov: ViewMetric = { ...orders, key: "aov", name: "AOV", unit: "currency", currency: "USD", additive: false };

const p = (period: string, dimension: string, dimensionValue: string, value: number | null, runId = "run-1"): StoredPoint => ({ period, dimension, dimensionValue, value, runId });
const total = (period: string, value: number | null, runId = "run-1") => p(period, "", "", value, runId);

const bounds = { from: "2026-01-01", through: "2026-01-10" };
const plan = (metric: ViewMetric, v: Partial<MetricView>, maxPoints?: number) =>
  planMetricView({ metric, view: view({ range: "custom", from: "2026-01-08", to: "2026-01-10", ...v }), bounds, today: "2030-01-01", maxPoints });

describe("rankDimensionValues", () => {
  it.each<[Pick<StoredPoint, "dimensionValue" | "value">[], string[]]>([
    [[], []],
    [
      [
        { dimensionValue: "DE", value: 3 },
        { dimensionValue: "US", value: 10 },
        { dimensionValue: "DE", value: 3 },
        { dimensionValue: "FR", value: null },
      ],
      ["US", "DE", "FR"],
    ],
    [
      [
        { dimensionValue: "b", value: -5 },
        { dimensionValue: "a", value: 5 },
      ],
      ["a", "b"],
    ],
  ])("%#", (points, expected) => expect(rankDimensionValues(points)).toEqual(expected));
});

describe("otherValue", () => {
  it.each<[number | null | undefined, (number | null)[], number | null]>([
    [10, [3, 4], 3],
    [10, [3, null], 7],
    [null, [3], null],
    [undefined, [3], null],
    [0.3, [0.1, 0.2], 0], // float noise is not a value
    [1234.56, [1000.12, 234.44], 0],
    [100, [], 100],
  ])("total %s minus %j is %s", (t, parts, expected) => expect(otherValue(t, parts)).toBe(expected));
});

describe("assembleMetricView", () => {
  const points = [
    total("2026-01-08", 20),
    total("2026-01-09", 30),
    total("2026-01-10", 40, "run-2"),
    p("2026-01-08", "country", "US", 10),
    p("2026-01-08", "country", "DE", 6),
    p("2026-01-08", "country", "FR", 4),
    p("2026-01-09", "country", "US", 15),
    p("2026-01-09", "country", "DE", 9),
    p("2026-01-09", "country", "FR", 6),
    p("2026-01-10", "country", "US", 25, "run-2"),
    p("2026-01-10", "country", "FR", 5, "run-2"),
  ];

  it("draws the total with the run of every point", () => {
    const data = assembleMetricView(plan(orders, {}), { points: points.filter((x) => x.dimension === ""), comparisonPoints: [], lastRun: null });
    expect(metricViewDataSchema.parse(data)).toEqual(data);
    expect(data.categories).toEqual([{ key: "s0", label: "Orders", kind: "total", dimensionValue: null }]);
    expect(data.rows.map((r) => [r.period, r.values.s0, r.runIds.s0])).toEqual([
      ["2026-01-08", 20, "run-1"],
      ["2026-01-09", 30, "run-1"],
      ["2026-01-10", 40, "run-2"],
    ]);
    expect(data).toMatchObject({ grain: "day", note: null, downsampled: null, breakdown: null, filter: null, comparison: null });
  });

  it("breaks an additive metric down into the top values plus Other", () => {
    const data = assembleMetricView(plan(orders, { by: "country", top: 2 }), { points, comparisonPoints: [], lastRun: null });
    expect(data.categories.map((c) => [c.key, c.label, c.kind])).toEqual([
      ["s0", "US", "value"],
      ["s1", "DE", "value"],
      ["other", "Other", "other"],
    ]);
    expect(data.rows.map((r) => r.values)).toEqual([
      { s0: 10, s1: 6, other: 4 },
      { s0: 15, s1: 9, other: 6 },
      { s0: 25, s1: null, other: 15 },
    ]);
    expect(data.rows[2]?.runIds).toEqual({ s0: "run-2" });
    expect(data.breakdown).toEqual({ dimension: "country", top: 2, valueCount: 3, note: "Other: the 1 smaller value of country, the total minus the top 2." });
  });

  it("leaves Other out when the values do not add up, and says so", () => {
    const data = assembleMetricView(plan(aov, { by: "country", top: 2 }), { points: points.filter((x) => x.dimension !== ""), comparisonPoints: [], lastRun: null });
    expect(data.categories.map((c) => c.label)).toEqual(["US", "DE"]);
    expect(data.breakdown?.note).toBe("Other not shown: values of AOV do not add up, so the 1 smaller value of country cannot be combined into one series.");
  });

  it("shows every value without an Other when they fit", () => {
    const data = assembleMetricView(plan(orders, { by: "country", top: 5 }), { points, comparisonPoints: [], lastRun: null });
    expect(data.categories.map((c) => c.label)).toEqual(["US", "DE", "FR"]);
    expect(data.breakdown?.note).toBeNull();
  });

  it("draws one filtered value", () => {
    const data = assembleMetricView(plan(orders, { filters: { country: "FR" } }), {
      points: points.filter((x) => x.dimensionValue === "FR"),
      comparisonPoints: [],
      lastRun: null,
    });
    expect(data.filter).toEqual({ dimension: "country", value: "FR" });
    expect(data.categories).toEqual([{ key: "s0", label: "FR", kind: "value", dimensionValue: "FR" }]);
    expect(data.rows.map((r) => r.values.s0)).toEqual([4, 6, 5]);
  });

  it("aligns the comparison period by period, Other included", () => {
    const comparisonPoints = [
      total("2026-01-05", 10),
      total("2026-01-06", 12),
      p("2026-01-05", "country", "US", 5, "run-0"),
      p("2026-01-05", "country", "DE", 3, "run-0"),
      p("2026-01-06", "country", "US", 6, "run-0"),
    ];
    const data = assembleMetricView(plan(orders, { by: "country", top: 2, compare: "previous" }), { points, comparisonPoints, lastRun: null });
    expect(data.comparison).toEqual({ kind: "previous", label: "previous period", from: "2026-01-05", to: "2026-01-07" });
    expect(data.rows.map((r) => r.comparison)).toEqual([
      { period: "2026-01-05", values: { s0: 5, s1: 3, other: 2 }, runIds: { s0: "run-0", s1: "run-0" } },
      { period: "2026-01-06", values: { s0: 6, s1: null, other: 6 }, runIds: { s0: "run-0" } },
      { period: "2026-01-07", values: { s0: null, s1: null, other: null }, runIds: {} },
    ]);
  });

  it("marks a bucket the data does not cover as partial", () => {
    const weekly = planMetricView({ metric: orders, view: view({ grain: "week" }), bounds, today: "2030-01-01" });
    const data = assembleMetricView(weekly, { points: [total("2025-12-29", 7), total("2026-01-05", 9)], comparisonPoints: [], lastRun: null });
    expect(data.rows.map((r) => [r.period, r.partial])).toEqual([
      ["2025-12-29", false],
      ["2026-01-05", true], // data through Saturday 2026-01-10
    ]);
  });

  it("downsamples beyond the budget and says so", () => {
    const long = planMetricView({ metric: { ...orders, grains: ["day"] }, view: view({ range: "all" }), bounds: { from: "2026-01-01", through: "2026-01-30" }, today: "2030-01-01", maxPoints: 10 });
    const days = Array.from({ length: 30 }, (_, i) => total(`2026-01-${String(i + 1).padStart(2, "0")}`, i % 7));
    const data = assembleMetricView(long, { points: days, comparisonPoints: [], lastRun: null });
    expect(data.rows).toHaveLength(10);
    expect(data.rows[0]?.period).toBe("2026-01-01");
    expect(data.rows.at(-1)?.period).toBe("2026-01-30");
    expect(data.downsampled).toEqual({ drawn: 10, total: 30 });
    expect(data.note).toMatch(/^Downsampled: 10 of 30 days are drawn/);
  });

  it("carries the warnings of its plan and the last run", () => {
    const lastRun = { id: "run-9", status: "failed" as const, startedAt: "2026-01-11T00:00:00.000Z", finishedAt: null, error: "boom" };
    const data = assembleMetricView(plan(orders, { by: "city" }), { points: [], comparisonPoints: [], lastRun });
    expect(data.warnings).toEqual([expect.stringMatching(/“city” is not a dimension of Orders/)]);
    expect(data.lastRun).toEqual(lastRun);
    expect(data.rows).toEqual([]);
  });
});
