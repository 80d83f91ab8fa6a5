import { describe, expect, it } from "vitest";
import { columnTypeOfSql, fits, typeOf, widen, type ColumnType } from "@/lib/import/column-types";

const infer = (values: string[]) => values.reduce<ColumnType | null>((t, v) => widen(t, v), null);

describe("import column types", () => {
  it.each([
    ["42", "integer"],
    ["-7", "integer"],
    ["9223372036854775807", "integer"],
    ["9223372036854775808", "numeric"],
    ["3.14", "numeric"],
    ["-.5", "numeric"],
    ["1e10", "numeric"],
    ["TRUE", "boolean"],
    ["false", "boolean"],
    ["2024-02-29", "date"],
    ["2023-02-29", "text"],
    ["2024-13-01", "text"],
    ["2024-01-02 03:04:05", "timestamp"],
    ["2024-01-02T03:04:05.123Z", "timestamp"],
    ["2024-01-02T03:04+02:00", "timestamp"],
    ["2024-01-02 25:00:00", "text"],
    ["1,5", "text"],
    ["yes", "text"],
  ])("%s is %s", (v, t) => expect(typeOf(v)).toBe(t));

  it("widens integer to numeric, date to timestamp and anything mixed to text", () => {
    expect(infer(["1", "2", "3"])).toBe("integer");
    expect(infer(["1", "2.5", "3"])).toBe("numeric");
    expect(infer(["2.5", "3"])).toBe("numeric");
    expect(infer(["2024-01-01", "2024-01-02 10:00:00"])).toBe("timestamp");
    expect(infer(["2024-01-02 10:00:00", "2024-01-01"])).toBe("timestamp");
    expect(infer(["1", "true"])).toBe("text");
    expect(infer(["2024-01-01", "7"])).toBe("text");
    expect(infer(["text", "1"])).toBe("text");
    expect(infer([])).toBeNull();
  });

  it("checks values against a column type", () => {
    expect(fits("numeric", "12")).toBe(true);
    expect(fits("integer", "1.5")).toBe(false);
    expect(fits("timestamp", "2024-01-01")).toBe(true);
    expect(fits("date", "2024-01-01 00:00:00")).toBe(false);
    expect(fits("boolean", "1")).toBe(false);
    expect(fits("text", "anything")).toBe(true);
  });

  it("maps existing PostgreSQL columns to import types", () => {
    expect(columnTypeOfSql("integer")).toBe("integer");
    expect(columnTypeOfSql("double precision")).toBe("numeric");
    expect(columnTypeOfSql("timestamp without time zone")).toBe("timestamp");
    expect(columnTypeOfSql("character varying")).toBe("text");
    expect(columnTypeOfSql("jsonb")).toBeNull();
  });
});
