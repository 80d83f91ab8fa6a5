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
    const q = recomputeSql(revenue, COLUMNS, "public", { grain: "month", dimension: "country", value: "DE", periods: ["2024-02-01"] });
    expect(q.sql).not.toContain("OR 1=1");
    expect(q.params).toEqual(["paid' OR 1=1 --", "DE", "2024-02-01", "2024-03-01"]);
    expect(q.sql).toContain(`"public"."orders"`);
    expect(q.sql).toContain(`"ordered_at" >= $3::timestamp AND "ordered_at" < $4::timestamp`);
    expect(q.sql).toContain(`"country"::text = $2`);
    expect(q.sql).toContain("sum(v)");
  });

  it("reads '(null)' as IS NULL and the total without a slice", () => {
    expect(recomputeSql(revenue, COLUMNS, "public", { grain: "day", dimension: "country", value: "(null)", periods: ["2024-01-01"] }).sql).toContain(`"country" IS NULL`);
    const total = recomputeSql(revenue, COLUMNS, "public", { grain: "day", dimension: "" });
    expect(total.sql).toContain("'' AS dimension_value");
    expect(total.params).toEqual(["paid' OR 1=1 --"]);
  });

  it("windows a rolling point on [snapshot - W + 1, snapshot] in UTC", () => {
    const q = recomputeSql(active, COLUMNS, "public", { grain: "week", dimension: "", periods: ["2024-01-01"] });
    expect(q.sql).toContain(`("at" AT TIME ZONE 'UTC')`);
    expect(q.sql).toContain("LEAST(p.last, hi.hi)");
    expect(q.sql).toContain("count(DISTINCT a.k)");
    expect(q.params).toEqual(expect.arrayContaining(["2024-01-01", "2024-01-07", 7]));
    expect(q.sql).toMatch(/a\.day > s\.snap - \$\d+::int AND a\.day <= s\.snap/);
  });

  it("counts a cumulative distinct key from its first day up to the snapshot", () => {
    const q = recomputeSql(toDate, COLUMNS, "public", { grain: "month", dimension: "", periods: ["2024-02-01", "2024-03-01"] });
    expect(q.sql).toContain("min(day) AS first");
    expect(q.sql).toContain("f.first <= s.snap");
    expect(q.params).toEqual(expect.arrayContaining(["2024-02-01,2024-03-01", "2024-02-29,2024-03-31", "2024-03-31"]));
    expect(q.sql).toContain(`"d" < ($3::date + 1)::date`);
  });

  it.each([
    [{ ...revenue, table: "nope" }, { grain: "day", dimension: "" }, "table"],
    [revenue, { grain: "day", dimension: "platform" }, "dimension"],
    [{ ...revenue, filters: [{ column: "x", op: "is_null" }] }, { grain: "day", dimension: "" }, "filters.0.column"],
    [revenue, { grain: "day", dimension: "", periods: ["2024-02-30"] }, "period"],
    [active, { grain: "day", dimension: "" }, "periods"],
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
