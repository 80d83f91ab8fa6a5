import { describe, expect, it } from "vitest";
import type { Grain } from "@/lib/metrics/definition-schema";
import {
  type FormatStyle,
  formatChange,
  formatInstant,
  formatPeriod,
  formatValue,
  NO_VALUE,
  relativeChange,
  type ValueFormat,
} from "@/lib/metrics/format";

const usd: ValueFormat = { unit: "currency", currency: "USD" };
const eur: ValueFormat = { unit: "currency", currency: "EUR" };

describe("formatValue", () => {
  it.each<[number | null | undefined, ValueFormat, FormatStyle, string]>([
    [1234.5, usd, "full", "$1,234.50"],
    [0, usd, "full", "$0.00"],
    [-12.3, usd, "full", "-$12.30"],
    [1234567.89, usd, "compact", "$1.2M"],
    [950, usd, "compact", "$950.00"],
    [0.7012, usd, "compact", "$0.70"],
    [-2500, usd, "compact", "-$2.5K"],
    [0, usd, "axis", "$0"],
    [950, usd, "axis", "$950"],
    [0.75, usd, "axis", "$0.75"],
    [150000, usd, "axis", "$150K"],
    [0.015, { unit: "percent" }, "axis", "1.5%"],
    [0, { unit: "percent" }, "axis", "0%"],
    [15000, { unit: "count" }, "axis", "15K"],
    [192, { unit: "seconds" }, "axis", "3.2 min"],
    [1234.5, eur, "full", "€1,234.50"],
    [1234.5, { unit: "currency" }, "full", "1,234.50"],
    [0.1234, { unit: "percent" }, "full", "12.3%"],
    [0.03, { unit: "percent" }, "full", "3.0%"],
    [1, { unit: "percent" }, "compact", "100.0%"],
    [0.005, { unit: "percent" }, "full", "0.5%"],
    [1234567, { unit: "count" }, "full", "1,234,567"],
    [1234567, { unit: "count" }, "compact", "1.2M"],
    [12345, { unit: "users" }, "compact", "12.3K"],
    [999, { unit: "users" }, "compact", "999"],
    [12.5, { unit: "ratio" }, "compact", "12.5"],
    [12.6, { unit: "users" }, "full", "13"],
    [0.4321, { unit: "ratio" }, "full", "0.43"],
    [1234.5678, { unit: "number" }, "full", "1,234.57"],
    [42, { unit: "seconds" }, "full", "42 s"],
    [0.5, { unit: "seconds" }, "full", "0.5 s"],
    [192, { unit: "seconds" }, "full", "3 min 12 s"],
    [3900, { unit: "seconds" }, "full", "1 h 5 min"],
    [192, { unit: "seconds" }, "compact", "3.2 min"],
    [5400, { unit: "seconds" }, "compact", "1.5 h"],
    [null, usd, "full", NO_VALUE],
    [undefined, { unit: "count" }, "compact", NO_VALUE],
    [Number.NaN, { unit: "count" }, "full", NO_VALUE],
  ])("%s as %j (%s) is %s", (value, format, style, expected) => {
    expect(formatValue(value, format, style)).toBe(expected);
  });
});

describe("formatPeriod", () => {
  it.each<[string, Grain, "long" | "short", string]>([
    ["2025-03-04", "day", "long", "Mar 4, 2025"],
    ["2025-03-04", "day", "short", "Mar 4, 25"],
    ["2025-03-03", "week", "long", "Week of Mar 3, 2025"],
    ["2025-03-01", "month", "long", "March 2025"],
    ["2025-03-01", "month", "short", "Mar 2025"],
    ["2025-01-01", "quarter", "long", "Q1 2025"],
    ["2025-10-01", "quarter", "short", "Q4 2025"],
    ["2024-12-31", "day", "long", "Dec 31, 2024"],
    ["not a date", "day", "long", "not a date"],
  ])("%s at %s (%s) is %s", (period, grain, style, expected) => {
    expect(formatPeriod(period, grain, style)).toBe(expected);
  });
});

describe("relativeChange and formatChange", () => {
  it.each<[number | null, number | null, number | null, string]>([
    [110, 100, 0.1, "+10.0%"],
    [92, 100, -0.08, "-8.0%"],
    [100, 100, 0, "0.0%"],
    [-50, -100, 0.5, "+50.0%"],
    [5, 0, null, NO_VALUE],
    [null, 100, null, NO_VALUE],
    [100, null, null, NO_VALUE],
  ])("from %s to %s", (current, previous, change, text) => {
    const actual = relativeChange(current, previous);
    if (change === null) expect(actual).toBeNull();
    else expect(actual).toBeCloseTo(change, 10);
    expect(formatChange(actual)).toBe(text);
  });
});

describe("formatInstant", () => {
  it.each([
    ["2025-03-04T13:05:59.123Z", "2025-03-04 13:05 UTC"],
    ["2025-03-04T13:05:00+02:00", "2025-03-04 11:05 UTC"],
    ["garbage", "garbage"],
  ])("%s is %s", (iso, expected) => {
    expect(formatInstant(iso)).toBe(expected);
  });
});
