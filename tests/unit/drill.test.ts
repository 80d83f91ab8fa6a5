import { describe, expect, it } from "vitest";
import { pointRowsQuerySchema, toCell } from "@/lib/drill/drill-schema";
import { categorySlice, periodHref, pointRowsHref } from "@/lib/metrics/point-href";
import type { MetricViewData } from "@/lib/metrics/view-data-schema";

describe("drill-through helpers", () => {
  it("parses a drill query with defaults and names bad fields", () => {
    expect(pointRowsQuerySchema.parse({ grain: "day", period: "2024-01-01" })).toMatchObject({ page: 1, pageSize: 50, order: "asc", format: "json" });
    expect(pointRowsQuerySchema.safeParse({ grain: "day", period: "2024-01-01", pageSize: "5000" }).error?.issues[0]?.path).toEqual(["pageSize"]);
    expect(pointRowsQuerySchema.safeParse({ grain: "day", period: "2024-01-01", sort: "a b" }).error?.issues[0]?.path).toEqual(["sort"]);
    expect(pointRowsQuerySchema.safeParse({ grain: "day", period: "2024-01-01", extra: "1" }).success).toBe(false);
  });

  it.each([
    [null, null],
    [new Date("2024-01-01T10:00:00Z"), "2024-01-01T10:00:00.000Z"],
    [12n, 12],
    [2n ** 70n, (2n ** 70n).toString()],
    ["x", "x"],
    [{ a: 1 }, '{"a":1}'],
  ])("cell of %s", (v, cell) => {
    expect(toCell(v)).toEqual(cell);
  });

  it("links a point to its rows page and a multi-series period to its run", () => {
    expect(pointRowsHref("revenue", "week", "2024-01-01", { dimension: "country", value: "D E" })).toBe("/metrics/revenue/points?grain=week&period=2024-01-01&dimension=country&value=D+E");
    const data = {
      metric: { key: "revenue" },
      grain: "day",
      view: { filters: {}, by: "country" },
      categories: [
        { key: "s0", label: "DE", kind: "value", dimensionValue: "DE" },
        { key: "other", label: "Other", kind: "other", dimensionValue: null },
      ],
    } as unknown as MetricViewData;
    const row = { period: "2024-01-02", values: {}, runIds: { s0: "run-1" }, partial: false };
    expect(categorySlice(data, data.categories[1]!)).toBeNull();
    expect(periodHref(data, row)).toBe("/metrics/revenue/points?grain=day&period=2024-01-02&dimension=country&value=DE");
    expect(periodHref(data, { ...row, runIds: { s0: "run-1", s1: "run-2" } , values: {} })).toBe("/metrics/revenue/points?grain=day&period=2024-01-02&dimension=country&value=DE");
    const two = { ...data, categories: [data.categories[0]!, { key: "s1", label: "US", kind: "value", dimensionValue: "US" }] } as MetricViewData;
    expect(periodHref(two, { ...row, runIds: { s0: "run-1", s1: "run-1" } })).toBe("/runs/run-1");
  });
});
