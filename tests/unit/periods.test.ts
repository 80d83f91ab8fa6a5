import { describe, expect, it } from "vitest";
import type { Grain } from "@/lib/metrics/definition-schema";
import { addDays, addMonths, addPeriods, bucketStart, countPeriods, daysBetween, isIsoDay, yearEarlier } from "@/lib/metrics/periods";

describe("isIsoDay", () => {
  it.each([
    ["2026-09-30", true],
    ["2024-02-29", true],
    ["2023-02-29", false],
    ["2026-9-30", false],
    ["2026-13-01", false],
    ["", false],
  ])("%j is %s", (day, expected) => expect(isIsoDay(day)).toBe(expected));
});

describe("day arithmetic", () => {
  it.each([
    ["2026-09-30", -89, "2026-07-03"],
    ["2024-02-28", 1, "2024-02-29"],
    ["2025-12-31", 1, "2026-01-01"],
  ])("addDays(%s, %i) = %s", (day, n, expected) => expect(addDays(day, n)).toBe(expected));

  it.each([
    ["2026-03-31", -1, "2026-02-28"],
    ["2024-02-29", -12, "2023-02-28"],
    ["2026-09-30", -12, "2025-09-30"],
    ["2025-11-15", 3, "2026-02-15"],
  ])("addMonths(%s, %i) = %s, clamping the day", (day, n, expected) => expect(addMonths(day, n)).toBe(expected));

  it("counts days between", () => {
    expect(daysBetween("2026-01-01", "2026-12-31")).toBe(364);
    expect(daysBetween("2026-01-02", "2026-01-01")).toBe(-1);
  });
});

describe("bucketStart", () => {
  it.each<[string, Grain, string]>([
    ["2026-09-30", "day", "2026-09-30"],
    ["2026-09-30", "week", "2026-09-28"], // a Wednesday; weeks start on Monday
    ["2026-09-28", "week", "2026-09-28"],
    ["2026-10-04", "week", "2026-09-28"], // Sunday ends the week
    ["2026-09-30", "month", "2026-09-01"],
    ["2026-09-30", "quarter", "2026-07-01"],
    ["2026-01-01", "quarter", "2026-01-01"],
  ])("%s at %s starts %s", (day, grain, expected) => expect(bucketStart(day, grain)).toBe(expected));
});

describe("addPeriods and countPeriods", () => {
  it.each<[string, Grain, number, string]>([
    ["2026-09-28", "week", -2, "2026-09-14"],
    ["2026-01-01", "month", -1, "2025-12-01"],
    ["2026-07-01", "quarter", -4, "2025-07-01"],
    ["2026-09-30", "day", 1, "2026-10-01"],
  ])("addPeriods(%s, %s, %i) = %s", (period, grain, n, expected) => expect(addPeriods(period, grain, n)).toBe(expected));

  it.each<[string, string, Grain, number]>([
    ["2024-10-01", "2026-09-30", "day", 730],
    ["2024-10-01", "2026-09-30", "week", 105],
    ["2024-10-01", "2026-09-30", "month", 24],
    ["2024-10-01", "2026-09-30", "quarter", 8],
    ["2026-07-03", "2026-09-30", "week", 14], // the buckets that contain the range's days
    ["2026-09-30", "2026-09-30", "month", 1],
    ["2026-10-01", "2026-09-30", "day", 0],
  ])("countPeriods(%s, %s, %s) = %i", (from, to, grain, expected) => expect(countPeriods(from, to, grain)).toBe(expected));
});

describe("yearEarlier", () => {
  it.each<[string, Grain, string]>([
    ["2026-09-30", "day", "2025-09-30"],
    ["2024-02-29", "day", "2023-02-28"],
    ["2026-09-28", "week", "2025-09-29"], // 52 weeks: still a Monday
    ["2026-09-01", "month", "2025-09-01"],
    ["2026-07-01", "quarter", "2025-07-01"],
  ])("%s at %s -> %s", (period, grain, expected) => expect(yearEarlier(period, grain)).toBe(expected));
});
