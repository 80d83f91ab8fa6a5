import { describe, expect, it } from "vitest";
import type { SeriesPoint } from "@/lib/metrics/api-schema";
import {
  finestGrain,
  isPartialPeriod,
  latestChange,
  periodEnd,
  pivotByDimension,
  summarizeSeries,
  timeAxis,
  toTotalRows,
} from "@/lib/metrics/chart-rows";
import type { Grain } from "@/lib/metrics/definition-schema";

const point = (period: string, value: number | null, dimension?: string): SeriesPoint => ({
  period,
  value,
  runId: "run-1",
  ...(dimension === undefined ? {} : { dimension }),
});

describe("toTotalRows", () => {
  it("keeps order and nulls", () => {
    expect(toTotalRows([point("2025-01-01", 1), point("2025-01-02", null)])).toEqual([
      { period: "2025-01-01", value: 1 },
      { period: "2025-01-02", value: null },
    ]);
  });
});

describe("pivotByDimension", () => {
  const points = [
    point("2025-01-01", 1, "DE"),
    point("2025-01-01", 10, "US"),
    point("2025-01-02", 2, "DE"),
    point("2025-01-02", 12, "US"),
    point("2025-01-02", 3, "FR"),
  ];

  it.each<[string, number | undefined, string[], Record<string, unknown>[]]>([
    [
      "all values, largest first, gaps as null",
      undefined,
      ["US", "DE", "FR"],
      [
        { period: "2025-01-01", US: 10, DE: 1, FR: null },
        { period: "2025-01-02", US: 12, DE: 2, FR: 3 },
      ],
    ],
    [
      "top 1",
      1,
      ["US"],
      [
        { period: "2025-01-01", US: 10 },
        { period: "2025-01-02", US: 12 },
      ],
    ],
  ])("%s", (_case, limit, categories, rows) => {
    const pivot = pivotByDimension(points, limit);
    expect(pivot.categories).toEqual(categories);
    expect(pivot.rows).toEqual(rows);
  });

  it("orders periods even when points are not", () => {
    expect(pivotByDimension([point("2025-01-02", 1, "a"), point("2025-01-01", 2, "a")]).rows.map((r) => r.period)).toEqual([
      "2025-01-01",
      "2025-01-02",
    ]);
  });
});

describe("finestGrain", () => {
  it.each([
    [["quarter", "week"] as const, "week"],
    [["month", "day"] as const, "day"],
    [["quarter"] as const, "quarter"],
  ])("%j -> %s", (grains, expected) => {
    expect(finestGrain(grains)).toBe(expected);
  });
});

describe("latestChange", () => {
  it.each<[string, SeriesPoint[], { latest: string; previous: string | null; change: number | null } | null]>([
    ["empty", [], null],
    ["one point", [point("2025-01-01", 5)], { latest: "2025-01-01", previous: null, change: null }],
    ["skips trailing nulls", [point("2025-01-01", 100), point("2025-01-02", 110), point("2025-01-03", null)], { latest: "2025-01-02", previous: "2025-01-01", change: 0.1 }],
    ["from zero has no change", [point("2025-01-01", 0), point("2025-01-02", 3)], { latest: "2025-01-02", previous: "2025-01-01", change: null }],
  ])("%s", (_case, points, expected) => {
    const actual = latestChange(points);
    if (expected === null) return expect(actual).toBeNull();
    expect(actual?.latest.period).toBe(expected.latest);
    expect(actual?.previous?.period ?? null).toBe(expected.previous);
    if (expected.change === null) expect(actual?.change).toBeNull();
    else expect(actual?.change).toBeCloseTo(expected.change, 10);
  });
});

describe("summarizeSeries", () => {
  it.each<[string, SeriesPoint[], string]>([
    ["no points", [], "Revenue has no data at week grain."],
    ["only nulls", [point("2025-01-06", null)], "Revenue has no data at week grain."],
    ["one point", [point("2025-01-06", 1200)], "Revenue by week, 1 week in Week of Jan 6, 2025: latest $1,200.00 (Week of Jan 6, 2025)."],
    [
      "several points",
      [point("2024-12-30", 1000), point("2025-01-06", 1500), point("2025-01-13", 800), point("2025-01-20", 880)],
      "Revenue by week, 4 weeks from Week of Dec 30, 2024 to Week of Jan 20, 2025: latest $880.00 (Week of Jan 20, 2025), +10.0% from the previous week; highest $1,500.00 (Week of Jan 6, 2025), lowest $800.00 (Week of Jan 13, 2025).",
    ],
    [
      "unchanged",
      [point("2025-01-06", 5), point("2025-01-13", 5)],
      "Revenue by week, 2 weeks from Week of Jan 6, 2025 to Week of Jan 13, 2025: latest $5.00 (Week of Jan 13, 2025), unchanged from the previous week; highest $5.00 (Week of Jan 6, 2025), lowest $5.00 (Week of Jan 6, 2025).",
    ],
    [
      "a partial last week is named and left out of change and extremes",
      [point("2025-12-15", 1000), point("2025-12-22", 1100), point("2025-12-29", 300)],
      "Revenue by week, 3 weeks from Week of Dec 15, 2025 to Week of Dec 29, 2025: Week of Dec 29, 2025 so far $300.00 (partial: data through Dec 31, 2025); last complete $1,100.00 (Week of Dec 22, 2025), +10.0% from the previous week; highest $1,100.00 (Week of Dec 22, 2025), lowest $1,000.00 (Week of Dec 15, 2025).",
    ],
  ])("%s", (_case, points, expected) => {
    expect(summarizeSeries("Revenue", "week", points, { unit: "currency", currency: "USD" }, "2025-12-31")).toBe(expected);
  });

  it("does not call a complete last period partial", () => {
    expect(summarizeSeries("Revenue", "month", [point("2025-12-01", 5)], { unit: "count" }, "2025-12-31")).toBe(
      "Revenue by month, 1 month in December 2025: latest 5 (December 2025).",
    );
  });
});

describe("periodEnd and isPartialPeriod", () => {
  it.each<[string, Grain, string, string | null, boolean]>([
    ["2025-12-31", "day", "2025-12-31", "2025-12-31", false],
    ["2025-12-29", "week", "2026-01-04", "2025-12-31", true],
    ["2025-12-22", "week", "2025-12-28", "2025-12-31", false],
    ["2024-02-01", "month", "2024-02-29", "2024-02-28", true],
    ["2024-02-01", "month", "2024-02-29", "2024-02-29", false],
    ["2025-10-01", "quarter", "2025-12-31", "2025-11-15", true],
    ["2025-10-01", "quarter", "2025-12-31", null, false],
    ["2025-10-01", "quarter", "2025-12-31", "2025-09-30", false],
  ])("%s at %s ends %s; data through %s -> partial %s", (period, grain, end, through, partial) => {
    expect(periodEnd(period, grain)).toBe(end);
    expect(isPartialPeriod(period, grain, through)).toBe(partial);
  });
});

describe("timeAxis", () => {
  const daysFrom = (start: string, n: number) =>
    Array.from({ length: n }, (_, i) => new Date(Date.parse(`${start}T00:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10));

  it("puts two years of days on quarter starts", () => {
    expect(timeAxis(daysFrom("2024-01-01", 731), "day")).toEqual({
      ticks: ["2024-01-01", "2024-04-01", "2024-07-01", "2024-10-01", "2025-01-01", "2025-04-01", "2025-07-01", "2025-10-01"],
      tickGrain: "month",
    });
  });

  it("puts weeks on the first week starting in each chosen month", () => {
    const weeks = Array.from({ length: 14 }, (_, i) => new Date(Date.parse("2024-01-01T00:00:00Z") + i * 7 * 86_400_000).toISOString().slice(0, 10));
    expect(timeAxis(weeks, "week")).toEqual({ ticks: ["2024-01-01", "2024-02-05", "2024-03-04", "2024-04-01"], tickGrain: "month" });
  });

  it("labels quarters by quarter", () => {
    expect(timeAxis(["2024-01-01", "2024-04-01", "2024-07-01", "2024-10-01"], "quarter")).toEqual({
      ticks: ["2024-01-01", "2024-04-01", "2024-07-01", "2024-10-01"],
      tickGrain: "quarter",
    });
  });

  it("leaves a span within one month to the chart", () => {
    expect(timeAxis(daysFrom("2024-03-01", 20), "day")).toEqual({ ticks: undefined, tickGrain: "day" });
  });
});
