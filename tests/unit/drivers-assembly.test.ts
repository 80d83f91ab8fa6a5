import { describe, expect, it } from "vitest";
import { assembleMetricDrivers, driverMethodOf, resolveDriverPeriods, type StoredDriverRow } from "@/lib/drivers/drivers-assembly";
import { parseDriversParams } from "@/lib/drivers/drivers-params";
import { headlineGrain, summarizeMetricStatus } from "@/lib/intent/status-summary";
import { addPeriods } from "@/lib/metrics/periods";

const row = (metricKey: string, period: string, dimension: string, dimensionValue: string, value: number | null): StoredDriverRow => ({ metricKey, period, dimension, dimensionValue, value });

describe("driverMethodOf", () => {
  const defs: Record<string, Parameters<typeof driverMethodOf>[0]> = {
    orders: { kind: "aggregate", aggregate: { fn: "count" } },
    sessions: { kind: "aggregate", aggregate: { fn: "count" } },
    buyers: { kind: "aggregate", aggregate: { fn: "count_distinct" } },
  };
  it.each([
    [{ kind: "aggregate", aggregate: { fn: "sum" } }, "additive"],
    [{ kind: "aggregate", aggregate: { fn: "avg" } }, "own_change"],
    [{ kind: "rolling_distinct" }, "distinct"],
    [{ kind: "cumulative", aggregate: { fn: "count" } }, "additive"],
    [{ kind: "ratio", numerator: "orders", denominator: "sessions" }, "ratio"],
    [{ kind: "ratio", numerator: "orders", denominator: "buyers" }, "own_change"],
    [{ kind: "derived" }, "own_change"],
  ] as const)("%o is %s", (definition, method) => {
    expect(driverMethodOf(definition, (k) => defs[k])).toBe(method);
  });
});

describe("resolveDriverPeriods", () => {
  const bounds = { first: "2026-01-05", last: "2026-03-30" };
  it("defaults to the last complete period and the one before", () => {
    expect(resolveDriverPeriods("week", {}, bounds)).toEqual({ previousPeriod: "2026-03-23", currentPeriod: "2026-03-30", warnings: [] });
  });
  it("moves any day to its period and compares any two", () => {
    expect(resolveDriverPeriods("week", { from: "2026-01-07", to: "2026-03-04" }, bounds)).toEqual({ previousPeriod: "2026-01-05", currentPeriod: "2026-03-02", warnings: [] });
  });
  it("replaces periods outside the data or out of order, and says so", () => {
    const r = resolveDriverPeriods("week", { from: "2026-03-10", to: "2026-03-02" }, bounds);
    expect(r).toMatchObject({ previousPeriod: "2026-02-23", currentPeriod: "2026-03-02" });
    expect(r?.warnings).toEqual([expect.stringMatching(/is not a complete week before/)]);
    expect(resolveDriverPeriods("week", { to: "2027-01-01" }, bounds)?.warnings).toEqual([expect.stringMatching(/not within the complete data/)]);
  });
  it("needs two complete periods", () => {
    expect(resolveDriverPeriods("week", {}, { first: "2026-03-30", last: "2026-03-30" })).toBeNull();
    expect(resolveDriverPeriods("week", {}, { first: null, last: null })).toBeNull();
  });
});

describe("parseDriversParams", () => {
  it("takes its own parameters out and leaves the rest", () => {
    expect(parseDriversParams({ driversGrain: "month", driversFrom: "2026-01-01", driversTo: "nope", grain: "day" })).toEqual({
      selection: { grain: "month", from: "2026-01-01" },
      warnings: ["“driversTo=nope” is not a date as YYYY-MM-DD; ignored."],
      rest: { grain: "day" },
    });
  });
});

describe("assembleMetricDrivers", () => {
  const base = { grain: "week" as const, previousPeriod: "2026-03-23", currentPeriod: "2026-03-30", dimensions: ["country"], bounds: { first: "2026-01-05", last: "2026-03-30" } };
  it("splits an additive change so the parts sum to it, and names the value explaining most", () => {
    const rows = [
      row("orders", "2026-03-23", "", "", 100), row("orders", "2026-03-30", "", "", 90),
      row("orders", "2026-03-23", "country", "KR", 40), row("orders", "2026-03-30", "country", "KR", 30),
      row("orders", "2026-03-23", "country", "US", 60), row("orders", "2026-03-30", "country", "US", 60),
    ];
    const d = assembleMetricDrivers({ ...base, metric: { key: "orders", name: "Orders", unit: "count", direction: "higher_is_better" }, method: "additive", rows });
    expect(d.sentence).toBe("Orders -10.0% week over week: KR -25.0% explains 100%.");
    expect(d.top).toEqual({ dimension: "country", value: "KR", share: 1 });
    const part = d.dimensions[0];
    expect(part?.kind === "additive" && part.decomposition.contributions.reduce((s, c) => s + c.delta, 0)).toBe(-10);
  });
  it("splits a ratio into mix and rate from its inputs", () => {
    const rows = [
      row("cr", "2026-03-23", "", "", 0.05), row("cr", "2026-03-30", "", "", 0.04),
      row("o", "2026-03-23", "country", "KR", 5), row("s", "2026-03-23", "country", "KR", 100),
      row("o", "2026-03-30", "country", "KR", 2), row("s", "2026-03-30", "country", "KR", 100),
      row("o", "2026-03-23", "country", "US", 5), row("s", "2026-03-23", "country", "US", 100),
      row("o", "2026-03-30", "country", "US", 6), row("s", "2026-03-30", "country", "US", 100),
    ];
    const d = assembleMetricDrivers({ ...base, metric: { key: "cr", name: "Conversion", unit: "percent", direction: "higher_is_better", numerator: "o", denominator: "s" }, method: "ratio", rows });
    const part = d.dimensions[0];
    if (part?.kind !== "ratio") throw new Error("expected a ratio split");
    expect(part.decomposition.rateEffect + part.decomposition.mixEffect).toBeCloseTo(-0.01, 12);
    expect(d.ratio).toEqual({ numerator: "o", denominator: "s" });
    expect(d.sentence).toMatch(/^Conversion -1\.00 pts week over week: KR explains 150% \(rate effect -1\.50 pts, mix effect 0\.00 pts\)\.$/);
  });
  it("says when there is no value to explain", () => {
    const d = assembleMetricDrivers({ ...base, metric: { key: "orders", name: "Orders", unit: "count", direction: "higher_is_better" }, method: "additive", rows: [] });
    expect(d.sentence).toMatch(/has no value in the week of/);
    expect(d.dimensions).toEqual([]);
  });
});

describe("summarizeMetricStatus", () => {
  it("uses weeks where there are weeks", () => {
    expect(headlineGrain(["day", "week", "month"])).toBe("week");
    expect(headlineGrain(["month", "quarter"])).toBe("month");
  });
  it("judges the last complete week, never the partial one, against its target", () => {
    const weeks = Array.from({ length: 60 }, (_, i) => addPeriods("2025-06-02", "week", i));
    const points = weeks.map((period, i) => ({ period, value: i === 58 ? 80 : i === 59 ? 5 : 100 }));
    const through = "2026-07-22"; // a Wednesday: the week of 2026-07-20 is partial
    expect(weeks.at(-1)).toBe("2026-07-20");
    const s = summarizeMetricStatus({ metric: { key: "orders", name: "Orders", unit: "count", direction: "higher_is_better", target: { week: 100 }, bands: { type: "relative", at_risk: 0.95, off_track: 0.85 } }, grain: "week", dataThrough: through, points });
    expect(s).toMatchObject({ period: "2026-07-13", value: 80, status: { status: "off_track", label: "Off track" } });
    expect(s.deltas.map((d) => [d.comparison, d.meaning])).toEqual([["previous", "worse"], ["year_ago", "worse"], ["target", "worse"]]);
    expect(s.deltas[0]?.usualness).toBe("worse_than_usual");
  });
  it("has no data without a complete period", () => {
    const s = summarizeMetricStatus({ metric: { key: "x", name: "X", unit: "count", direction: "higher_is_better" }, grain: "week", dataThrough: null, points: [] });
    expect(s).toMatchObject({ period: null, status: { status: "no_data" }, deltas: [] });
  });
});
