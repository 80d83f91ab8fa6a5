import { describe, expect, it } from "vitest";
import { CompileError, type WarehouseColumns } from "@/lib/metrics/compiler";
import { metricDefinitionSchema, type SourcedMetricDefinition } from "@/lib/metrics/definition-schema";
import { drillSql, lastDayOfPeriod, nextPeriodStart, recomputeSql } from "@/lib/metrics/point-sql";

const COLUMNS: WarehouseColumns = new Map([
  ["orders", new Map([["ordered_at", "timestamp without time zone"], ["amount", "numeric"], ["status", "text"], ["country", "text"], ["user_id", "integer"]])],
  ["events", new Map([["at", "timestamp with time zone"], ["uid", "integer"], ["c", "text"]])],
  ["days", new Map([["d", "date"], ["uid", "integer"]])],
]);

const def = (extra: Record<string, unknown>) =>
  metricDefinitionSchema.parse({ key: "m", name: "m", description: "d", unit: "number", owner: "o", ...extra }) as SourcedMetricDefinition;

const revenue = def({ kind: "aggregate", table: "orders", time_column: "ordered_at", dimensions: ["country"], aggregate: { fn: "sum", column: "amount" }, filters: [{ column: "status", op: "eq", value: "paid' OR 1=1 --" }] });
const active = def({ kind: "rolling_distinct", table: "events", time_column: "at", dimensions: ["c"], column: "uid", window_days: 7 });
const toDate = def({ kind: "cumulative", table: "days", time_column: "d", aggregate: { fn: "count_distinct", column: "uid" } });

describe("period bounds", () => {
  it.each([
    ["day", "2024-02-28", "2024-02-29", "2024-02-28"],
    ["week", "2024-01-01", "2024-01-08", "2024-01-07"],
    ["month", "2024-02-01", "2024-03-01", "2024-02-29"],
    ["quarter", "2024-10-01", "2025-01-01", "2024-12-31"],
  ] as const)("%s %s ends before %s, last day %s", (grain, period, next, last) => {
    expect(nextPeriodStart(grain, period)).toBe(next);
    expect(lastDayOfPeriod(grain, period)).toBe(last);
  });
});

describe("recomputeSql", () => {
  it("binds values and quotes checked identifiers for an aggregate point", () => {
    const q = recomputeSql(revenue, COLUMNS, "public", { dimension: "country", value: "DE", grains: [{ grain: "month", periods: ["2024-02-01"] }] });
    expect(q.sql).not.toContain("OR 1=1");
    expect(q.params).toEqual(["paid' OR 1=1 --", "DE", "2024-02-01", "2024-03-01"]);
    expect(q.sql).toContain(`"public"."orders"`);
    expect(q.sql).toContain(`"ordered_at" >= $3::timestamp AND "ordered_at" < $4::timestamp`);
    expect(q.sql).toContain(`"country"::text = $2`);
    expect(q.sql).toContain("sum(v)");
  });

  it("reads '(null)' as IS NULL and the total without a slice", () => {
    expect(recomputeSql(revenue, COLUMNS, "public", { dimension: "country", value: "(null)", grains: [{ grain: "day", periods: ["2024-01-01"] }] }).sql).toContain(`"country" IS NULL`);
    const total = recomputeSql(revenue, COLUMNS, "public", { dimension: "", grains: [{ grain: "day" }, { grain: "week" }] });
    expect(total.sql).toContain("'' AS dimension_value");
    expect(total.params).toEqual(["paid' OR 1=1 --"]);
    // One read of the source for both grains, no bounds when every period is asked.
    expect(total.sql.match(/FROM "public"\."orders"/g)).toHaveLength(1);
    expect(total.sql).toContain("SELECT 'day' AS grain");
    expect(total.sql).toContain("date_trunc('week', day::timestamp)::date AS period");
  });

  it("bounds an aggregate over several grains by its earliest and latest period", () => {
    const q = recomputeSql(revenue, COLUMNS, "public", { dimension: "", grains: [{ grain: "day", periods: ["2024-03-05"] }, { grain: "month", periods: ["2024-01-01", "2024-02-01"] }] });
    expect(q.params).toEqual(["paid' OR 1=1 --", "2024-01-01", "2024-03-06"]);
  });

  it("counts a rolling point's distinct keys in (snapshot - W, snapshot] in UTC", () => {
    const q = recomputeSql(active, COLUMNS, "public", { dimension: "", grains: [{ grain: "week", periods: ["2024-01-01"] }] });
    expect(q.sql).toContain(`("at" AT TIME ZONE 'UTC')`);
    expect(q.sql).toContain("LEAST(p.last, hi.hi)");
    expect(q.sql).toContain("count(DISTINCT v.k)");
    expect(q.params).toEqual(expect.arrayContaining(["week", "2024-01-01", "2024-01-07", 7]));
    expect(q.sql).toMatch(/v\.day > s\.snap - \$\d+::int AND v\.day <= s\.snap/);
    expect(q.sql).not.toContain("lead(");
  });

  it("counts rolling keys at many snapshots by each key's latest visit", () => {
    const periods = Array.from({ length: 10 }, (_, i) => `2024-01-${String(i + 1).padStart(2, "0")}`);
    const q = recomputeSql(active, COLUMNS, "public", { dimension: "c", grains: [{ grain: "day", periods }, { grain: "month", periods: ["2024-01-01"] }] });
    expect(q.sql).toContain("LEAST(lead(day) OVER key_days, day + $");
    expect(q.sql).toContain("PARTITION BY dimension_value, k ORDER BY day");
    expect(q.sql).toContain("JOIN totals t ON t.day = s.snap");
    // The earliest window starts W - 1 days before the earliest period.
    expect(q.params).toEqual(expect.arrayContaining(["2023-12-26", `${periods.map(() => "day").join(",")},month`]));
    expect(q.sql).not.toContain("count(DISTINCT");
  });

  it("counts a cumulative distinct key from its first day up to the snapshot", () => {
    const q = recomputeSql(toDate, COLUMNS, "public", { dimension: "", grains: [{ grain: "month", periods: ["2024-02-01", "2024-03-01"] }] });
    expect(q.sql).toContain("min(day) AS first_day");
    expect(q.sql).toContain("sum(a) OVER upto AS a");
    expect(q.sql).toContain("JOIN totals t ON t.day = s.snap");
    expect(q.params).toEqual(expect.arrayContaining(["month,month", "2024-02-01,2024-03-01", "2024-02-29,2024-03-31", "2024-03-31"]));
    expect(q.sql).toMatch(/"d" < \(\$\d+::date \+ 1\)::date/);
  });

  it.each([
    [{ ...revenue, table: "nope" }, { dimension: "", grains: [{ grain: "day" }] }, "table"],
    [revenue, { dimension: "platform", grains: [{ grain: "day" }] }, "dimension"],
    [{ ...revenue, filters: [{ column: "x", op: "is_null" }] }, { dimension: "", grains: [{ grain: "day" }] }, "filters.0.column"],
    [revenue, { dimension: "", grains: [{ grain: "day", periods: ["2024-02-30"] }] }, "period"],
    [revenue, { dimension: "", grains: [] }, "grains"],
    [active, { dimension: "", grains: [{ grain: "day" }] }, "periods"],
  ] as const)("rejects %#: %s", (d, slice, field) => {
    expect(() => recomputeSql(d as SourcedMetricDefinition, COLUMNS, "public", slice)).toThrow(CompileError);
    try {
      recomputeSql(d as SourcedMetricDefinition, COLUMNS, "public", slice);
    } catch (error) {
      expect((error as CompileError).field).toBe(field);
    }
  });
});

describe("drillSql", () => {
  it("pages and sorts by a checked column, and counts the same rows", () => {
    const q = drillSql(revenue, COLUMNS, "public", { grain: "day", period: "2024-01-05", dimension: "country", value: "DE" }, { limit: 50, offset: 100, sort: "amount", order: "desc" });
    expect(q.columns).toEqual(["ordered_at", "amount", "status", "country", "user_id"]);
    expect(q.rows.sql).toMatch(/ORDER BY "orders"\."amount" DESC NULLS LAST/);
    expect(q.rows.params.slice(-2)).toEqual([50, 100]);
    expect(q.count.sql).toContain("count(*)");
    expect(q.count.params).toEqual(q.rows.params.slice(0, -2));
    expect(() => drillSql(revenue, COLUMNS, "public", { grain: "day", period: "2024-01-05", dimension: "", value: "" }, { limit: 1, offset: 0, sort: "amount; DROP TABLE orders" })).toThrow(/no column/);
  });

  it("reads a rolling point's window from its snapshot day", () => {
    const q = drillSql(active, COLUMNS, "public", { grain: "month", period: "2024-01-01", dimension: "", value: "" }, { limit: 10, offset: 0 });
    expect(q.count.sql).toContain(`LEAST($1::date, (max("at") AT TIME ZONE 'UTC')::date)`);
    expect(q.count.params[0]).toBe("2024-01-31");
    expect(q.count.sql).toMatch(/< \(s\.snap \+ 1\)::timestamp AND .* >= \(s\.snap - \$\d+::int \+ 1\)::timestamp/);
  });
});
