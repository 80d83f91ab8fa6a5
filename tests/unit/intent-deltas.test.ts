import { describe, expect, it } from "vitest";
import { changesAtLag, labelDelta, labelSeriesDeltas, meaningOf, robustZ, type DeltaInput } from "@/lib/intent/deltas";

// Week-over-week changes of a steady series: about +1% with 1 point of noise.
const steady = [0.01, 0.02, 0.0, 0.015, 0.005, 0.01, 0.02, 0.0, 0.012, 0.008];

const revenue: DeltaInput = {
  name: "Revenue",
  format: { unit: "currency", currency: "USD" },
  direction: "higher_is_better",
  grain: "week",
  comparison: "previous",
  current: 91800,
  base: 100000,
  history: steady,
};

describe("labelDelta", () => {
  it.each([
    ["a big drop, higher is better", revenue, { meaning: "worse", movement: "down", usualness: "worse_than_usual" }, "Revenue -8.2% vs previous week: worse than usual."],
    ["a usual rise", { ...revenue, current: 101000 }, { meaning: "better", movement: "up", usualness: "usual" }, "Revenue +1.0% vs previous week: better, within the usual range."],
    ["a big rise", { ...revenue, current: 112000 }, { meaning: "better", usualness: "better_than_usual" }, "Revenue +12.0% vs previous week: better than usual."],
    ["a small fall where growth is usual", { ...revenue, current: 99800 }, { meaning: "worse", usualness: "usual" }, "Revenue -0.2% vs previous week: worse, within the usual range."],
    ["lower is better, a rise", { ...revenue, name: "Refunds", direction: "lower_is_better", current: 112000 }, { meaning: "worse", usualness: "worse_than_usual" }, "Refunds +12.0% vs previous week: worse than usual."],
    ["lower is better, a fall", { ...revenue, name: "Refunds", direction: "lower_is_better", current: 99000 }, { meaning: "better", usualness: "usual" }, "Refunds -1.0% vs previous week: better, within the usual range."],
    ["lower is better, flat while rises are usual", { ...revenue, name: "Refunds", direction: "lower_is_better", history: steady.map((c) => c + 0.05), current: 100000 }, { meaning: "unchanged", movement: "flat", usualness: "better_than_usual" }, "Refunds 0.0% vs previous week: unchanged, where it usually gets worse."],
    ["neutral, up a lot", { ...revenue, name: "Largest order", direction: "neutral", current: 130000 }, { meaning: "up", usualness: "higher_than_usual" }, "Largest order +30.0% vs previous week: up, unusually high."],
    ["neutral, down a little", { ...revenue, name: "Largest order", direction: "neutral", current: 99000 }, { meaning: "down", usualness: "usual" }, "Largest order -1.0% vs previous week: down, within the usual range."],
    ["unchanged", { ...revenue, current: 100001 }, { meaning: "unchanged", movement: "flat" }, expect.stringContaining("0.0% vs previous week: unchanged")],
    ["too little history", { ...revenue, history: steady.slice(0, 7) }, { meaning: "worse", usualness: null, z: null }, "Revenue -8.2% vs previous week: worse."],
    ["vs same week last year", { ...revenue, comparison: "year_ago", history: [] as number[] }, { meaning: "worse" }, "Revenue -8.2% vs same week last year: worse."],
    ["vs target", { ...revenue, comparison: "target", base: 86000, current: 81200, history: [] as number[] }, { meaning: "worse", relative: expect.closeTo(-0.0558, 3) }, "Revenue -5.6% vs target: worse."],
    ["from zero", { ...revenue, base: 0, current: 50 }, { meaning: "better", relative: null, change: 50 }, "Revenue +$50.00 from 0 vs previous week: better."],
    ["a missing base", { ...revenue, base: null }, { meaning: null, change: null }, "Revenue: no change to show, the previous week has no value."],
    ["a missing current value", { ...revenue, current: null }, { meaning: null }, "Revenue: no change to show, this period has no value."],
  ] as const)("%s", (_what, input, expected, sentence) => {
    const delta = labelDelta(input);
    expect(delta).toMatchObject(expected);
    expect(delta.sentence).toEqual(sentence);
  });

  it("does not call every wiggle of a flat series unusual", () => {
    const flat = Array.from({ length: 20 }, () => 0);
    expect(labelDelta({ ...revenue, history: flat, current: 100200 }).usualness).toBe("usual");
    expect(labelDelta({ ...revenue, history: flat, current: 102000 }).usualness).toBe("better_than_usual");
  });

  it("is not thrown off by one outage in the history", () => {
    const withOutage = [...steady, -0.7, 2.2];
    expect(labelDelta({ ...revenue, history: withOutage }).usualness).toBe("worse_than_usual");
  });
});

describe("meaningOf", () => {
  it.each([
    ["higher_is_better", 0.1, "better"],
    ["higher_is_better", -0.1, "worse"],
    ["lower_is_better", 0.1, "worse"],
    ["lower_is_better", -0.1, "better"],
    ["neutral", 0.1, "up"],
    ["neutral", -0.1, "down"],
    ["neutral", 0.0001, "unchanged"],
    ["higher_is_better", -0.0004, "unchanged"],
  ] as const)("%s %d -> %s", (direction, change, meaning) => expect(meaningOf(direction, change)).toBe(meaning));
});

describe("robustZ", () => {
  it("measures against median and MAD", () => {
    // median 0.01, |deviations| median 0.005 -> spread 0.007413
    expect(robustZ(0.01, steady)).toBeCloseTo(0, 9);
    expect(robustZ(-0.082, steady)).toBeCloseTo(-0.092 / (1.4826 * 0.005), 6);
  });
  it("is null with too little history and ignores non-finite values", () => {
    expect(robustZ(1, [0.1, 0.2])).toBeNull();
    expect(robustZ(1, [...steady.slice(0, 7), Number.NaN])).toBeNull();
  });
});

describe("changesAtLag and labelSeriesDeltas", () => {
  it("computes changes, skipping missing and zero bases", () => {
    expect(changesAtLag([100, 110, null, 120, 0, 50], 1)).toEqual([0.1, -1]);
    expect(changesAtLag([100, 200, 150, 300], 2)).toEqual([0.5, 0.5]);
  });

  it("labels a series' last period vs previous, a year ago and target", () => {
    // 60 weeks growing 1% a week with a little alternating noise, then a 10% drop.
    const values: (number | null)[] = Array.from({ length: 60 }, (_, i) => 1000 * 1.01 ** i * (i % 2 ? 1.004 : 0.996));
    values.push((values[59] ?? 0) * 0.9);
    const [previous, yearAgo, target] = labelSeriesDeltas({ name: "Orders", format: { unit: "count" }, direction: "higher_is_better", grain: "week", values, target: 2000 });
    expect(previous).toMatchObject({ comparison: "previous", meaning: "worse", usualness: "worse_than_usual" });
    expect(previous?.relative).toBeCloseTo(-0.1, 9);
    // Still up on a year ago, but far less than the 8 earlier year-on-year changes.
    expect(yearAgo).toMatchObject({ comparison: "year_ago", base: values[60 - 52], meaning: "better", usualness: "worse_than_usual" });
    expect(yearAgo?.sentence).toMatch(/^Orders \+\d+\.\d% vs same week last year: better, but by less than usual\.$/);
    expect(target).toMatchObject({ comparison: "target", base: 2000, meaning: "worse", usualness: null });
  });

  it("has no previous for a single value", () => {
    const [previous] = labelSeriesDeltas({ name: "Orders", format: { unit: "count" }, direction: "higher_is_better", grain: "day", values: [5] });
    expect(previous).toMatchObject({ base: null, meaning: null });
  });
});
