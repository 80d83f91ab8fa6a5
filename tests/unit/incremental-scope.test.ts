// The calendar of incremental runs (which periods hold a changed day) and the
// scoped statements: every day and period is a bound parameter.
import { describe, expect, it } from "vitest";
import { compileMetric, type WarehouseColumns } from "@/lib/metrics/compiler";
import { metricDefinitionSchema } from "@/lib/metrics/definition-schema";
import { changedDays, countEachDay, periodOf, periodsScope } from "@/lib/pipeline/incremental";

const columns: WarehouseColumns = new Map([["orders", new Map([["ordered_at", "timestamp with time zone"], ["amount", "numeric"], ["country", "text"], ["user_id", "integer"]])]]);
const base = { name: "x", description: "x", unit: "count", owner: "o", table: "orders", time_column: "ordered_at", dimensions: ["country"] };
const def = (extra: Record<string, unknown>) => metricDefinitionSchema.parse({ ...base, ...extra });
const ctx = { columns, schema: "public", shapes: new Map() };

describe("incremental periods", () => {
  it("finds each grain's period as date_trunc does (ISO weeks, quarters)", () => {
    expect(periodOf("week", "2024-01-07")).toEqual({ start: "2024-01-01", end: "2024-01-07" });
    expect(periodOf("week", "2024-12-31")).toEqual({ start: "2024-12-30", end: "2025-01-05" });
    expect(periodOf("month", "2024-02-10")).toEqual({ start: "2024-02-01", end: "2024-02-29" });
    expect(periodOf("quarter", "2024-05-15")).toEqual({ start: "2024-04-01", end: "2024-06-30" });
    expect(periodOf("day", "2024-05-15")).toEqual({ start: "2024-05-15", end: "2024-05-15" });
  });

  it("rewrites the periods holding a changed day and reads their days as merged ranges", () => {
    const scope = periodsScope(["2024-01-31", "2024-03-05"], ["day", "week", "month"]);
    expect(scope.pairs).toEqual([
      { grain: "day", period: "2024-01-31" },
      { grain: "week", period: "2024-01-29" },
      { grain: "month", period: "2024-01-01" },
      { grain: "day", period: "2024-03-05" },
      { grain: "week", period: "2024-03-04" },
      { grain: "month", period: "2024-03-01" },
    ]);
    // January and the week into February touch; March stands apart.
    expect(scope.ranges).toEqual([
      { lo: "2024-01-01", hi: "2024-02-04" },
      { lo: "2024-03-01", hi: "2024-03-31" },
    ]);
  });

  it("finds new, changed and emptied days from the fingerprints", () => {
    const stored = new Map([["2024-01-01", "3:10"], ["2024-01-02", "2:7"], ["2024-01-03", "1:4"]]);
    const current = new Map([["2024-01-01", "3:10"], ["2024-01-02", "2:9"], ["2024-01-04", "1:12"]]);
    expect(changedDays(stored, current)).toEqual(["2024-01-02", "2024-01-03", "2024-01-04"]);
  });

  it("binds the scope's days and periods as parameters, never in the SQL", () => {
    const aggregate = compileMetric(def({ key: "revenue", kind: "aggregate", aggregate: { fn: "sum", column: "amount" } }), ctx, periodsScope(["2024-03-05"], ["day", "week"]));
    expect(aggregate.sql).not.toMatch(/2024-/);
    expect(aggregate.params).toContain("{\"2024-03-05\",\"2024-03-04\"}");
    expect(aggregate.sql).toMatch(/WHERE \(grain, period\) IN \(SELECT \* FROM unnest\(\$\d+::text\[\], \$\d+::date\[\]\)\)/);
    const rolling = compileMetric(def({ key: "wau", kind: "rolling_distinct", column: "user_id", window_days: 7 }), ctx, { kind: "from", from: "2024-03-05", to: "2024-03-11", hi: "2024-06-30" });
    expect(rolling.sql).not.toMatch(/2024-/);
    expect(rolling.params).toEqual(expect.arrayContaining(["2024-03-05", "2024-03-11", "2024-06-30"]));
    expect(rolling.sql).toContain("ON CONFLICT");
    expect(() => compileMetric(def({ key: "c", kind: "cumulative", aggregate: { fn: "count_distinct", column: "user_id" } }), ctx, { kind: "from", from: "2024-03-05" })).toThrow(/distinct counts do not/);
    const appended = compileMetric(def({ key: "mau", kind: "rolling_distinct", column: "user_id", window_days: 30 }), ctx, { kind: "from", from: "2024-03-05", through: "2024-03-06" });
    expect(appended.sql).not.toMatch(/2024-/);
    expect(appended.params).toEqual(expect.arrayContaining(["2024-03-05", "2024-03-06"]));
    expect(appended.sql).toContain("count(DISTINCT k)");
    expect(appended.rangeRead).toBe(true);
  });

  it("counts a few appended days of a rolling window directly and carries longer runs forward as islands", () => {
    expect([1, 2, 3].every((days) => countEachDay(days, 30))).toBe(true);
    expect(countEachDay(4, 30)).toBe(false);
    expect(countEachDay(5, 7)).toBe(true);
    expect(countEachDay(6, 7)).toBe(false);
    expect(countEachDay(7, 1)).toBe(true);
    expect(countEachDay(8, 1)).toBe(false);
  });
});
