import { describe, expect, it } from "vitest";
import { alertChartHref, dataThroughOf, DEFAULT_ALERT_WINDOWS, describeRuleId, evaluateRule, ruleIdOf, type RuleMetric, type SeriesPoint } from "@/lib/alerts/rules";
import { addDays, addPeriods } from "@/lib/metrics/periods";

const revenue: RuleMetric = {
  key: "revenue",
  name: "Revenue",
  unit: "currency",
  currency: "USD",
  direction: "higher_is_better",
  target: { week: 50000 },
  bands: { type: "relative", at_risk: 0.95, off_track: 0.85 },
};

/** Daily values from 2026-01-05 (a Monday): weekdays 1000, weekends 600, ±1% wiggle; overrides by day. */
function daily(days: number, overrides: Record<string, number | null> = {}): SeriesPoint[] {
  return Array.from({ length: days }, (_, i) => {
    const period = addDays("2026-01-05", i);
    const weekend = i % 7 >= 5;
    const value = period in overrides ? overrides[period]! : (weekend ? 600 : 1000) * (1 + ((i * 7) % 5 - 2) / 200);
    return { period, value, runId: `run-${i}` };
  });
}

const weekly = (values: (number | null)[]): SeriesPoint[] => values.map((value, i) => ({ period: addPeriods("2026-01-05", "week", i), value, runId: "run-w" }));

describe("ruleIdOf", () => {
  it.each([
    [{ kind: "threshold", grain: "day", op: "below", value: 2000 } as const, "threshold:day:below:2000"],
    [{ kind: "misses_target", grain: "week", when: "at_risk" } as const, "misses_target:week:at_risk"],
    [{ kind: "anomaly", grain: "day" } as const, "anomaly:day"],
  ])("%j -> %s", (rule, id) => {
    expect(ruleIdOf(rule)).toBe(id);
  });

  it("describes rules in words", () => {
    expect(describeRuleId("threshold:day:below:2000", { unit: "currency", currency: "USD" })).toBe("Daily value below $2,000.00");
    expect(describeRuleId("misses_target:week:at_risk")).toBe("Weekly target missed (at risk or worse)");
    expect(describeRuleId("anomaly:day")).toBe("Anomaly in the daily series");
  });
});

describe("evaluateRule: threshold", () => {
  const points = daily(21, { "2026-01-20": 400, "2026-01-24": 300 });
  const rule = { kind: "threshold", grain: "day", op: "below", value: 500 } as const;

  it("fires on every complete period of the window beyond the line", () => {
    const fired = evaluateRule(revenue, rule, points, { dataThrough: "2026-01-25" });
    expect(fired.map((a) => [a.period, a.value, a.expected, a.severity])).toEqual([
      ["2026-01-20", 400, 500, "critical"],
      ["2026-01-24", 300, 500, "critical"],
    ]);
    expect(fired[0]!.message).toBe("Revenue on Jan 20, 2026: $400.00, below the $500.00 alert threshold.");
    expect(fired[0]).toMatchObject({ metricKey: "revenue", ruleId: "threshold:day:below:500", ruleKind: "threshold", grain: "day", runId: "run-15" });
  });

  it("looks only at the window of latest complete periods", () => {
    const windows = { ...DEFAULT_ALERT_WINDOWS, threshold: { ...DEFAULT_ALERT_WINDOWS.threshold, day: 3 } };
    expect(evaluateRule(revenue, rule, points, { dataThrough: "2026-01-25", windows }).map((a) => a.period)).toEqual(["2026-01-24"]);
  });

  it("never judges a period the data does not cover yet", () => {
    expect(evaluateRule(revenue, rule, points, { dataThrough: "2026-01-23" }).map((a) => a.period)).toEqual(["2026-01-20"]);
    const week = { kind: "threshold", grain: "week", op: "above", value: 10 } as const;
    // The week of Jan 19 ends on Jan 25: with data through Jan 24 only the week of Jan 12 is complete.
    expect(evaluateRule(revenue, week, weekly([20, 20, 20]), { dataThrough: "2026-01-24", windows: { ...DEFAULT_ALERT_WINDOWS, threshold: { day: 1, week: 1, month: 1, quarter: 1 } } }).map((a) => a.period)).toEqual(["2026-01-12"]);
  });

  it("ignores missing values and values exactly on the line", () => {
    const above = { kind: "threshold", grain: "day", op: "above", value: 1000 } as const;
    const flat = daily(7).map((p) => ({ ...p, value: p.period === "2026-01-06" ? null : 1000 }));
    expect(evaluateRule(revenue, above, flat, { dataThrough: "2026-01-11" })).toEqual([]);
  });
});

describe("evaluateRule: misses_target", () => {
  it.each([
    ["off_track", 40000, ["2026-01-19"], "critical"],
    ["at_risk", 46000, [], null],
  ] as const)("when off_track, a %s week fires: %s", (_, value, periods, severity) => {
    const fired = evaluateRule(revenue, { kind: "misses_target", grain: "week", when: "off_track" }, weekly([50000, 51000, value]), { dataThrough: "2026-01-25" });
    expect(fired.map((a) => a.period)).toEqual(periods);
    if (severity) expect(fired[0]).toMatchObject({ severity, expected: 50000, message: "Off track: Revenue in the week of Jan 19, 2026: $40,000.00, 20% below the $50,000.00 target." });
  });

  it("when at_risk, fires on at risk and off track alike", () => {
    const fired = evaluateRule(revenue, { kind: "misses_target", grain: "week", when: "at_risk" }, weekly([46000, 40000, 52000]), { dataThrough: "2026-01-25" });
    expect(fired.map((a) => [a.period, a.severity])).toEqual([
      ["2026-01-12", "critical"],
    ]);
    // The window is 2 weeks: the week of Jan 5 is not judged.
    const wider = evaluateRule(revenue, { kind: "misses_target", grain: "week", when: "at_risk" }, weekly([46000, 40000, 52000]), { dataThrough: "2026-01-25", windows: { ...DEFAULT_ALERT_WINDOWS, misses_target: { day: 7, week: 3, month: 1, quarter: 1 } } });
    expect(wider.map((a) => [a.period, a.severity])).toEqual([
      ["2026-01-05", "warning"],
      ["2026-01-12", "critical"],
    ]);
  });

  it("reads a growth target from the period before", () => {
    const growing: RuleMetric = { ...revenue, target: { growth: { rate: 0.1, per: "week" } }, bands: undefined };
    const fired = evaluateRule(growing, { kind: "misses_target", grain: "week", when: "at_risk" }, weekly([100, 100, 100]), { dataThrough: "2026-01-25" });
    expect(fired.map((a) => [a.period, a.expected])).toEqual([
      ["2026-01-12", expect.closeTo(110, 6)],
      ["2026-01-19", expect.closeTo(110, 6)],
    ]);
  });

  it("never fires for a neutral metric", () => {
    const neutral: RuleMetric = { ...revenue, direction: "neutral", target: undefined, bands: undefined };
    expect(evaluateRule(neutral, { kind: "misses_target", grain: "week", when: "at_risk" }, weekly([1, 1, 1]), { dataThrough: "2026-01-25" })).toEqual([]);
  });
});

describe("evaluateRule: anomaly", () => {
  const rule = { kind: "anomaly", grain: "day" } as const;

  it("fires on a dip against the same weekday, not on ordinary weekends", () => {
    const points = daily(70, { "2026-03-05": 300 });
    const fired = evaluateRule(revenue, rule, points, { dataThrough: "2026-03-15" });
    expect(fired.map((a) => [a.period, a.detail.direction])).toEqual([["2026-03-05", "dip"]]);
    expect(fired[0]!.message).toMatch(/^Revenue on Thu, Mar 5, 2026: \$300\.00, far below the usual .* for a Thursday\.$/);
    expect(fired[0]).toMatchObject({ severity: "critical", expected: expect.closeTo(1000, -1), runId: "run-59" });
  });

  it("flags only inside the window, and nothing on an ordinary series", () => {
    const points = daily(70, { "2026-03-05": 300 });
    const windows = { ...DEFAULT_ALERT_WINDOWS, anomaly: { ...DEFAULT_ALERT_WINDOWS.anomaly, day: 7 } };
    expect(evaluateRule(revenue, rule, points, { dataThrough: "2026-03-15", windows })).toEqual([]);
    expect(evaluateRule(revenue, rule, daily(70), { dataThrough: "2026-03-15" })).toEqual([]);
  });
});

describe("helpers", () => {
  it("reads data-through from the finest grain with data", () => {
    const series = new Map([["week", weekly([1, 2])] as const, ["day", daily(3)] as const]);
    expect(dataThroughOf(series, ["day", "week", "month", "quarter"])).toBe("2026-01-07");
    expect(dataThroughOf(new Map(), ["day"])).toBeNull();
  });

  it("links to the chart around the period", () => {
    expect(alertChartHref("revenue", "day", "2026-03-12")).toBe("/metrics/revenue?range=custom&from=2026-01-15&to=2026-03-13&grain=day");
    expect(alertChartHref("refund_rate", "week", "2026-09-21")).toBe("/metrics/refund_rate?range=custom&from=2026-06-29&to=2026-10-04&grain=week");
  });
});
