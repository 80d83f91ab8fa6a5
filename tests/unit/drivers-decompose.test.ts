import { describe, expect, it } from "vitest";
import { decomposeAdditive, decomposeRatio, type AdditiveDecomposeInput, type RatioDecomposeInput } from "@/lib/drivers/decompose";

const week = { grain: "week" as const, previousPeriod: "2026-03-02", currentPeriod: "2026-03-09" };

const orders: AdditiveDecomposeInput = {
  name: "Orders",
  format: { unit: "count" },
  dimension: "country",
  ...week,
  previous: [
    { value: "US", amount: 500 },
    { value: "KR", amount: 200 },
    { value: "DE", amount: 100 },
  ],
  current: [
    { value: "US", amount: 490 },
    { value: "KR", amount: 150 },
    { value: "DE", amount: 110 },
    { value: "FR", amount: 5 },
  ],
};

describe("decomposeAdditive", () => {
  it("gives each value its delta and share, largest movers first, summing to the change", () => {
    const d = decomposeAdditive(orders);
    expect(d).toMatchObject({ previousTotal: 800, currentTotal: 755, change: -45, sumOfDeltas: -45, additive: true, note: null });
    expect(d.contributions.map((c) => [c.value, c.delta])).toEqual([["KR", -50], ["DE", 10], ["US", -10], ["FR", 5]]);
    expect(d.contributions[0]).toMatchObject({ previous: 200, current: 150, relative: -0.25, share: expect.closeTo(50 / 45, 9) });
    expect(d.contributions.find((c) => c.value === "FR")).toMatchObject({ previous: 0, relative: null, share: expect.closeTo(-5 / 45, 9) });
    expect(d.contributions.reduce((s, c) => s + (c.share ?? 0), 0)).toBeCloseTo(1, 12);
    expect(d.sentence).toBe("Orders -5.6% week over week: KR -25.0% explains 111.1%, DE +10.0% offsets 22.2%.");
  });

  it.each([
    ["a month apart", { ...orders, grain: "month" as const, previousPeriod: "2026-01-01", currentPeriod: "2026-03-01" }, /^Orders -5\.6% vs January 2026: /],
    ["consecutive days", { ...orders, grain: "day" as const, previousPeriod: "2026-03-08", currentPeriod: "2026-03-09" }, /^Orders -5\.6% day over day: /],
  ])("names the comparison: %s", (_what, input, pattern) => {
    expect(decomposeAdditive(input).sentence).toMatch(pattern);
  });

  it("says nothing moved when nothing did, and merges blank values as (none)", () => {
    const same = decomposeAdditive({ ...orders, current: orders.previous });
    expect(same.sentence).toBe("Orders 0.0% week over week: no country value moved.");
    expect(same.contributions.every((c) => c.share === null)).toBe(true);
    const blank = decomposeAdditive({ ...orders, previous: [{ value: "", amount: 1 }], current: [{ value: "", amount: 2 }, { value: "", amount: 1 }] });
    expect(blank.contributions).toMatchObject([{ value: "(none)", previous: 1, current: 3 }]);
  });

  it("for distinct counts, shares are of the sum of per-value changes, and it says so", () => {
    const mau: AdditiveDecomposeInput = {
      name: "MAU",
      format: { unit: "users" },
      dimension: "country",
      ...week,
      additive: false,
      previous: [
        { value: "KR", amount: 10000 },
        { value: "US", amount: 20000 },
      ],
      current: [
        { value: "KR", amount: 9020 },
        { value: "US", amount: 19600 },
      ],
      // Users active in both countries count once: totals below the sum.
      previousTotal: 29000,
      currentTotal: 27811,
    };
    const d = decomposeAdditive(mau);
    expect(d).toMatchObject({ change: -1189, sumOfDeltas: -1380, additive: false });
    expect(d.contributions[0]).toMatchObject({ value: "KR", delta: -980, share: expect.closeTo(980 / 1380, 9) });
    expect(d.sentence).toBe("MAU -4.1% week over week: KR -9.8% explains 71%, US -2.0% explains 29%.");
    expect(d.note).toBe("MAU is not additive across country values (one user can count under several), so the values' changes sum to -1,380, not the total change of -1,189; shares are of that sum.");
  });

  it("requires totals for non-additive metrics", () => {
    expect(() => decomposeAdditive({ ...orders, additive: false })).toThrow(/previousTotal and currentTotal are required/);
  });

  it("notes when additive values do not cover the total", () => {
    const d = decomposeAdditive({ ...orders, previousTotal: 900, currentTotal: 855 });
    expect(d.change).toBe(-45);
    expect(d.note).toBeNull();
    const partial = decomposeAdditive({ ...orders, previousTotal: 900, currentTotal: 800 });
    expect(partial.note).toBe("The country values' changes sum to -45 of the total change of -100; the rest falls outside the values listed.");
  });
});

const conversion: RatioDecomposeInput = {
  name: "Conversion rate",
  format: { unit: "percent" },
  dimension: "platform",
  ...week,
  previous: [
    { value: "web", numerator: 300, denominator: 10000 },
    { value: "ios", numerator: 200, denominator: 5000 },
  ],
  current: [
    { value: "web", numerator: 240, denominator: 12000 },
    { value: "ios", numerator: 200, denominator: 5000 },
  ],
};

describe("decomposeRatio", () => {
  it.each([
    ["a rate drop with a mix shift", conversion],
    ["a new value and a vanished one", { ...conversion, previous: [...conversion.previous, { value: "android", numerator: 10, denominator: 2000 }], current: [...conversion.current, { value: "tv", numerator: 3, denominator: 700 }] }],
    ["a pure mix shift", { ...conversion, current: [{ value: "web", numerator: 150, denominator: 5000 }, { value: "ios", numerator: 400, denominator: 10000 }] }],
    ["rates and weights both moving", { ...conversion, current: [{ value: "web", numerator: 410, denominator: 11000 }, { value: "ios", numerator: 90, denominator: 3000 }, { value: "", numerator: 7, denominator: 100 }] }],
  ])("rate and mix effects add up exactly to the change: %s", (_what, input) => {
    const d = decomposeRatio(input);
    expect(d.change).not.toBeNull();
    expect(d.rateEffect + d.mixEffect).toBeCloseTo(d.change!, 14);
    for (const c of d.contributions) expect(c.rateEffect + c.mixEffect).toBeCloseTo(c.effect, 15);
    expect(d.contributions.reduce((s, c) => s + c.effect, 0)).toBeCloseTo(d.change!, 14);
    expect(d.contributions.reduce((s, c) => s + (c.share ?? 0), 0)).toBeCloseTo(1, 10);
  });

  it("splits a rate drop on web and its growing share", () => {
    const d = decomposeRatio(conversion);
    // 500 / 15000 -> 440 / 17000
    expect(d.previousRate).toBeCloseTo(1 / 30, 12);
    expect(d.currentRate).toBeCloseTo(440 / 17000, 12);
    const web = d.contributions.find((c) => c.value === "web")!;
    const w0 = 10000 / 15000;
    const w1 = 12000 / 17000;
    expect(web.rateEffect).toBeCloseTo(((w0 + w1) / 2) * (0.02 - 0.03), 14);
    expect(web.mixEffect).toBeCloseTo(((0.03 + 0.02) / 2) * (w1 - w0), 14);
    const ios = d.contributions.find((c) => c.value === "ios")!;
    expect(ios.rateEffect).toBe(0);
    expect(ios.mixEffect).toBeLessThan(0); // ios, the better converter, lost share
    expect(d.sentence).toBe("Conversion rate -0.75 pts week over week: rate effect -0.69 pts, mix effect -0.06 pts; web explains 78.9% (rate -0.69 pts, mix +0.10 pts).");
  });

  it("puts all of a new value's part in mix", () => {
    const d = decomposeRatio({ ...conversion, current: [...conversion.previous, { value: "tv", numerator: 0, denominator: 5000 }] });
    const tv = d.contributions.find((c) => c.value === "tv")!;
    expect(tv).toMatchObject({ previousRate: null, currentRate: 0, rateEffect: 0, mixEffect: 0 });
    // tv converts at 0, so the others' loss of share is what lowers the rate: all mix, no rate effect anywhere.
    expect(d.rateEffect).toBeCloseTo(0, 15);
    expect(d.mixEffect).toBeCloseTo(d.change!, 15);
  });

  it("has no change without a denominator, and rejects a numerator without one", () => {
    expect(decomposeRatio({ ...conversion, previous: [] })).toMatchObject({ change: null, previousRate: null, sentence: "Conversion rate has no rate in the week of Mar 2, 2026: its denominator is 0." });
    expect(() => decomposeRatio({ ...conversion, current: [{ value: "web", numerator: 3, denominator: 0 }] })).toThrow(/numerator but a denominator of 0/);
  });
});
