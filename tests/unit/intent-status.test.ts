import { describe, expect, it } from "vitest";
import { latestCompletePeriod, metricStatus, resolveTarget, type StatusInput } from "@/lib/intent/status";

const revenue: StatusInput = {
  name: "Revenue",
  format: { unit: "currency", currency: "USD" },
  direction: "higher_is_better",
  target: { week: 86000, month: 350000 },
  bands: { type: "relative", at_risk: 0.95, off_track: 0.85 },
  grain: "week",
  period: "2026-03-09",
  value: 86000,
};

const refundRate: StatusInput = {
  name: "Refund rate",
  format: { unit: "percent" },
  direction: "lower_is_better",
  bands: { type: "absolute", at_risk: 0.045, off_track: 0.06 },
  grain: "month",
  period: "2026-09-01",
  value: 0.036,
};

describe("metricStatus", () => {
  it.each([
    ["on target exactly", revenue, "on_track", "Revenue in the week of Mar 9, 2026: $86,000.00, on the $86,000.00 target."],
    ["above target", { ...revenue, value: 90000 }, "on_track", "Revenue in the week of Mar 9, 2026: $90,000.00, 4.7% above the $86,000.00 target."],
    ["within the at-risk band", { ...revenue, value: 81200 }, "at_risk", "Revenue in the week of Mar 9, 2026: $81,200.00, 5.6% below the $86,000.00 target."],
    ["on the at-risk line (better side)", { ...revenue, value: 81700 }, "on_track", expect.stringContaining("5% below")],
    ["below the off-track line", { ...revenue, value: 70000 }, "off_track", expect.stringContaining("18.6% below the $86,000.00 target")],
    ["lower is better, under the at-risk line", refundRate, "on_track", "Refund rate in September 2026: 3.6%, below the 4.5% at-risk line."],
    ["lower is better, at risk", { ...refundRate, value: 0.05 }, "at_risk", "Refund rate in September 2026: 5.0%, above the 4.5% at-risk line."],
    ["lower is better, off track", { ...refundRate, value: 0.07 }, "off_track", "Refund rate in September 2026: 7.0%, above the 6.0% off-track line."],
    ["lower is better with a target and default bands", { ...refundRate, bands: undefined, target: { all_grains: 0.04 }, value: 0.0435 }, "at_risk", "Refund rate in September 2026: 4.4%, 8.7% above the 4.0% target."],
    ["lower is better, far above target", { ...refundRate, bands: undefined, target: { all_grains: 0.04 }, value: 0.05 }, "off_track", expect.stringContaining("25% above")],
    ["higher is better with default bands", { ...revenue, bands: undefined, value: 80000 }, "at_risk", expect.stringContaining("7% below")],
    ["a neutral metric", { ...revenue, direction: "neutral" }, "no_target", "Revenue has no target: neither higher nor lower is better."],
    ["no target or bands", { ...revenue, target: undefined, bands: undefined }, "no_target", "Revenue has no target: none is declared."],
    ["no target for this grain", { ...revenue, grain: "day", period: "2026-03-10" }, "no_target", "Revenue has no target on Mar 10, 2026: it declares none for the day."],
    ["a missing value", { ...revenue, value: null }, "no_data", "Revenue has no value in the week of Mar 9, 2026."],
    ["a growth target met", { ...revenue, target: { growth: { rate: 0.05, per: "month" } }, grain: "month", period: "2026-09-01", value: 215000, previousValue: 200000 }, "on_track", "Revenue in September 2026: $215,000.00, 2.4% above the $210,000.00 target (5% growth per month)."],
    ["a growth target without the previous value", { ...revenue, target: { growth: { rate: 0.05, per: "month" } }, grain: "month", value: 1 }, "no_target", "Revenue has no target in March 2026: its growth target needs the previous month's value."],
  ] as const)("%s", (_what, input, status, sentence) => {
    const result = metricStatus(input);
    expect(result.status).toBe(status);
    expect(result.sentence).toEqual(sentence);
  });

  it("shows words and an icon, never colour alone", () => {
    expect(metricStatus({ ...revenue, value: 81200 })).toMatchObject({ label: "At risk", icon: "triangle-alert", gap: expect.closeTo(-0.0558, 3), thresholds: { atRisk: 81700, offTrack: 73100 } });
    expect(metricStatus(revenue)).toMatchObject({ label: "On track", icon: "circle-check" });
    expect(metricStatus({ ...revenue, value: 1 })).toMatchObject({ label: "Off track", icon: "circle-x" });
  });

  it("rejects a malformed period", () => {
    expect(() => metricStatus({ ...revenue, period: "March" })).toThrow(/YYYY-MM-DD/);
  });
});

describe("resolveTarget", () => {
  it.each([
    ["the grain's own value wins", { week: 10, all_grains: 5, growth: { rate: 0.1, per: "week" as const } }, "week", 100, { value: 10, source: "grain" }],
    ["then all_grains", { all_grains: 5, growth: { rate: 0.1, per: "week" as const } }, "week", 100, { value: 5, source: "all_grains" }],
    ["then growth at its own grain", { growth: { rate: 0.1, per: "week" as const } }, "week", 100, { value: expect.closeTo(110, 9), source: "growth", rate: expect.closeTo(0.1, 9) }],
    ["growth compounded from months to quarters", { growth: { rate: 0.05, per: "month" as const } }, "quarter", 100, { value: expect.closeTo(115.7625, 6), rate: expect.closeTo(0.157625, 6) }],
    ["growth compounded from months to weeks", { growth: { rate: 0.05, per: "month" as const } }, "week", 100, { value: expect.closeTo(100 * 1.05 ** (7 / 30.436875), 9) }],
  ])("%s", (_what, target, grain, previous, expected) => {
    expect(resolveTarget(target, grain as "week" | "quarter", previous)).toMatchObject(expected);
  });

  it("is null without a target or a previous value for growth", () => {
    expect(resolveTarget(undefined, "week", 1)).toBeNull();
    expect(resolveTarget({ growth: { rate: 0.1, per: "week" } }, "week", null)).toBeNull();
    expect(resolveTarget({ month: 3 }, "week", 1)).toBeNull();
  });
});

describe("latestCompletePeriod", () => {
  const weeks = [{ period: "2026-09-14" }, { period: "2026-09-21" }, { period: "2026-09-28" }];
  it.each([
    ["a partial last week is skipped", weeks, "week", "2026-09-30", "2026-09-21"],
    ["a week ending on the last day counts", weeks, "week", "2026-10-04", "2026-09-28"],
    ["a month ending on the last day counts", [{ period: "2026-08-01" }, { period: "2026-09-01" }], "month", "2026-09-30", "2026-09-01"],
    ["a quarter not yet over is skipped", [{ period: "2026-04-01" }, { period: "2026-07-01" }], "quarter", "2026-09-29", "2026-04-01"],
    ["days count on the day", [{ period: "2026-09-30" }, { period: "2026-09-29" }], "day", "2026-09-30", "2026-09-30"],
  ] as const)("%s", (_what, points, grain, through, expected) => {
    expect(latestCompletePeriod(points, grain, through)?.period).toBe(expected);
  });

  it("is null when nothing is complete", () => {
    expect(latestCompletePeriod(weeks, "week", "2026-09-19")).toBeNull();
  });
});
