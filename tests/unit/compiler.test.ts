import { describe, expect, it } from "vitest";
import { compileAll, compileMetric, CompileError, type WarehouseColumns } from "@/lib/metrics/compiler";
import { metricDefinitionSchema } from "@/lib/metrics/definition-schema";

const columns: WarehouseColumns = new Map([
  ["orders", new Map([["ordered_at", "timestamp without time zone"], ["amount", "numeric"], ["status", "text"], ["country", "text"], ["user_id", "integer"]])],
  ["events", new Map([["at", "timestamp with time zone"], ["day", "date"], ["label", "text"]])],
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
});
