import { describe, expect, it } from "vitest";
import { compileAll, compileMetric, CompileError, type WarehouseColumns } from "@/lib/metrics/compiler";
import { metricDefinitionSchema } from "@/lib/metrics/definition-schema";

const columns: WarehouseColumns = new Map([
  ["orders", new Map([["ordered_at", "timestamp without time zone"], ["amount", "numeric"], ["status", "text"], ["country", "text"], ["user_id", "integer"]])],
  ["events", new Map([["at", "timestamp with time zone"], ["day", "date"], ["label", "text"]])],
  ["readings", new Map([["at", "date"], ["score", "double precision"], ["level", "real"], ["sensor", "text"]])],
]);
const base = { name: "x", description: "x", unit: "count", owner: "o" };
const def = (extra: Record<string, unknown>) => metricDefinitionSchema.parse({ ...base, ...extra });
const ctx = { columns, schema: "public", shapes: new Map() };

describe("compiler", () => {
  it.each([
    [{ table: "order" }, "table", "no table 'order'"],
    [{ time_column: "orderd_at" }, "time_column", "no column 'orderd_at' in table 'orders'"],
    [{ time_column: "status" }, "time_column", "'status' is text; it must be a date or timestamp column"],
    [{ aggregate: { fn: "sum", column: "status" } }, "aggregate.column", "needs a numeric column"],
    [{ dimensions: ["country", "contry"] }, "dimensions.1", "no column 'contry'"],
    [{ filters: [{ column: "stauts", op: "eq", value: "paid" }] }, "filters.0.column", "no column 'stauts'"],
  ])("names the field of a warehouse mismatch: %j", (override, field, message) => {
    const d = def({ key: "m", kind: "aggregate", table: "orders", time_column: "ordered_at", aggregate: { fn: "count" }, ...override });
    try {
      compileMetric(d, ctx);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(CompileError);
      expect((error as CompileError).field).toBe(field);
      expect((error as Error).message).toContain(message);
    }
  });

  it("binds every filter value and never inlines it", () => {
    const hostile = "paid'; DROP TABLE orders; --";
    const c = compileMetric(def({ key: "m", kind: "aggregate", table: "orders", time_column: "ordered_at", aggregate: { fn: "sum", column: "amount" }, filters: [{ column: "status", op: "in", value: [hostile, "x"] }, { column: "amount", op: "gt", value: 5 }] }), ctx);
    expect(c.sql).not.toContain("DROP");
    expect(c.sql).toContain(`"status" IN ($3, $4)`);
    expect(c.sql).toContain(`"amount" > $5`);
    expect(c.params).toEqual(["m", "run", hostile, "x", 5]);
    expect(c.input).toEqual({ kind: "table", schema: "public", table: "orders", columns: ["ordered_at", "amount", "status"] });
  });

  it("buckets timestamptz in UTC and dates as they are", () => {
    const tz = compileMetric(def({ key: "a", kind: "aggregate", table: "events", time_column: "at", aggregate: { fn: "count" } }), ctx);
    expect(tz.sql).toContain(`("at" AT TIME ZONE 'UTC')::date AS day`);
    const d = compileMetric(def({ key: "b", kind: "aggregate", table: "events", time_column: "day", aggregate: { fn: "count" } }), ctx);
    expect(d.sql).toContain(`SELECT "day" AS day`);
  });

  it("gives composed metrics the grains and dimensions their inputs share", () => {
    const defs = [
      def({ key: "a", kind: "aggregate", table: "orders", time_column: "ordered_at", aggregate: { fn: "count" }, dimensions: ["country", "status"], grains: ["day", "week"] }),
      def({ key: "b", kind: "aggregate", table: "orders", time_column: "ordered_at", aggregate: { fn: "count" }, dimensions: ["country"] }),
      def({ key: "r", kind: "ratio", numerator: "a", denominator: "b" }),
      def({ key: "bad", kind: "derived", expression: "a + b", dimensions: ["status"] }),
    ];
    const { compiled, errors } = compileAll(defs, { columns, schema: "public" });
    expect(compiled.get("r")).toMatchObject({ grains: ["day", "week"], dimensions: ["country"], input: { kind: "metrics", keys: ["a", "b"] } });
    expect(errors.get("bad")?.field).toBe("dimensions.0");
  });

  const aggregate = (table: string, aggregation: Record<string, string>) =>
    compileMetric(def({ key: "m", kind: "aggregate", table, time_column: table === "orders" ? "ordered_at" : "at", dimensions: table === "orders" ? ["country", "status"] : ["sensor"], aggregate: aggregation }), ctx).sql;

  it.each([
    ["orders", { fn: "count" }, "count(*) AS a", "sum(a)"],
    ["orders", { fn: "count", column: "user_id" }, "count(v) AS a", "sum(a)"],
    ["orders", { fn: "sum", column: "amount" }, "sum(v) AS a", "sum(a)"],
    ["orders", { fn: "avg", column: "amount" }, "sum(v) AS a, count(v) AS c", "sum(a) / NULLIF(sum(c), 0)"],
    ["readings", { fn: "min", column: "score" }, "min(v) AS a", "min(a)"],
    ["readings", { fn: "max", column: "level" }, "max(v) AS a", "max(a)"],
  ])("collapses %s %j to one row per day and dimension values before the grouping sets", (table, aggregation, partials, value) => {
    const sql = aggregate(table, aggregation);
    expect(sql).toContain(`, ${partials}, count(*) AS n FROM s GROUP BY day, d0`);
    expect(sql).toContain(`(${value})::double precision AS value,\n    sum(n) AS n`);
    expect(sql).toMatch(/FROM r\) x\n  GROUP BY GROUPING SETS/);
  });

  it.each([
    ["orders", { fn: "count_distinct", column: "user_id" }, "count(DISTINCT v)"],
    ["readings", { fn: "sum", column: "score" }, "sum(v)"],
    ["readings", { fn: "avg", column: "level" }, "avg(v)"],
  ])("groups the source rows in one stage where stages would change %s %j", (table, aggregation, value) => {
    const sql = aggregate(table, aggregation);
    expect(sql).not.toContain("r AS (");
    expect(sql).toContain(`(${value})::double precision AS value,\n    count(*) AS n`);
    expect(sql).toMatch(/v FROM s\) x\n  GROUP BY GROUPING SETS/);
  });

  it("reads a rolling window's source once, with one window per slice, and binds the window", () => {
    const c = compileMetric(def({ key: "m", kind: "rolling_distinct", table: "orders", time_column: "ordered_at", column: "user_id", window_days: 7, dimensions: ["country", "status"] }), ctx);
    expect(c.params).toEqual(["m", "run", 7]);
    expect(c.sql.match(/\bFROM s\b/g)).toHaveLength(1);
    expect(c.sql).not.toMatch(/DISTINCT k|MATERIALIZED|LEFT JOIN/);
    expect(c.sql).toContain(`WINDOW w AS (PARTITION BY k ORDER BY day), w0 AS (PARTITION BY k, COALESCE(d0, '(null)') ORDER BY day), w1 AS (PARTITION BY k, COALESCE(d1, '(null)') ORDER BY day)`);
    expect(c.sql).toContain(`GROUP BY day, GROUPING SETS ((), (d0), (d1))`);
    expect(c.sql).toContain(`since0 > $3::int`);
    const bare = compileMetric(def({ key: "m", kind: "rolling_distinct", table: "orders", time_column: "ordered_at", column: "user_id", window_days: 30 }), ctx);
    expect(bare.sql).toContain(`count(*) FILTER (WHERE until IS NULL OR until > $3::int) AS ends`);
    expect(bare.sql).toMatch(/GROUP BY day\n/);
  });

  it("fills a cumulative series' calendar without a join", () => {
    const c = compileMetric(def({ key: "m", kind: "cumulative", table: "orders", time_column: "ordered_at", aggregate: { fn: "sum", column: "amount" }, dimensions: ["country"] }), ctx);
    expect(c.sql).not.toContain("LEFT JOIN");
    expect(c.sql).toContain(`SUM(SUM(delta)) OVER (PARTITION BY dimension, dimension_value ORDER BY day)`);
  });
});
