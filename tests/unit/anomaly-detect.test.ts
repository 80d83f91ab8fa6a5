import { describe, expect, it } from "vitest";
import { baselineOf, detectAnomalies, K } from "@/lib/anomaly/detect";
import { addDays } from "@/lib/metrics/periods";

const START = "2026-01-05"; // a Monday

/** Deterministic noise in [-1, 1), so tests never flake. */
function noise(i: number): number {
  const x = Math.sin(i * 12.9898 + 78.233) * 43758.5453;
  return 2 * (x - Math.floor(x)) - 1;
}

/** Daily orders: ~1000 on weekdays, ~450 on weekends, slow growth, +/-4% noise. */
function weekly(days: number, overrides: Record<number, number> = {}) {
  return Array.from({ length: days }, (_, i) => {
    const weekday = i % 7; // 0 = Monday
    const level = (weekday >= 5 ? 450 : 1000) * (1 + 0.002 * i) * (1 + 0.04 * noise(i));
    return { period: addDays(START, i), value: overrides[i] ?? Math.round(level) };
  });
}

const orders = { name: "Orders", format: { unit: "count" as const } };

describe("detectAnomalies", () => {
  it("does not flag ordinary weekends in a weekly-seasonal series", () => {
    expect(detectAnomalies({ ...orders, points: weekly(140) })).toEqual([]);
  });

  it.each([
    ["an outage dip on a Thursday", 80, 0.3, "dip", "Orders on Thu, Mar 26, 2026: "],
    ["a launch spike on a Monday", 84, 3.5, "spike", "Orders on Mon, Mar 30, 2026: "],
    ["a dip on a Saturday", 89, 0.5, "dip", "Orders on Sat, Apr 4, 2026: "],
    ["a spike on a Sunday, still below a weekday", 90, 1.6, "spike", "Orders on Sun, Apr 5, 2026: "],
  ] as const)("flags %s", (_what, day, factor, direction, sentenceStart) => {
    const normal = weekly(140)[day]!.value;
    const found = detectAnomalies({ ...orders, points: weekly(140, { [day]: Math.round(normal * factor) }) });
    expect(found).toHaveLength(1);
    const [a] = found;
    expect(a).toMatchObject({ period: addDays(START, day), direction });
    expect(a!.sentence.startsWith(sentenceStart)).toBe(true);
    expect(a!.value < a!.low || a!.value > a!.high).toBe(true);
    expect(Math.abs(a!.score)).toBeGreaterThan(K);
  });

  it("says what was usual for that weekday", () => {
    const points = weekly(140, { 80: 310 });
    const [a] = detectAnomalies({ ...orders, points });
    // The eight Thursdays before day 80, all near 1,100-1,200.
    expect(a!.expected).toBeGreaterThan(1050);
    expect(a!.expected).toBeLessThan(1250);
    expect(a!.sentence).toMatch(/^Orders on Thu, Mar 26, 2026: 310, far below the usual [\d,]+–[\d,]+ for a Thursday\.$/);
  });

  it("flags nothing without six weeks of history", () => {
    const points = weekly(41, { 40: 5000 });
    expect(detectAnomalies({ ...orders, points })).toEqual([]);
    // One more week of history and the same spike is flagged.
    expect(detectAnomalies({ ...orders, points: [...weekly(48, { 47: 5000 })] }).map((a) => a.period)).toEqual([addDays(START, 47)]);
  });

  it("does not let one outage flag the weeks after it", () => {
    const points = weekly(140, { 80: 100 });
    expect(detectAnomalies({ ...orders, points }).map((a) => a.period)).toEqual([addDays(START, 80)]);
  });

  it("flags nothing in a flat zero series, nor one-event wiggles in tiny counts", () => {
    const zeros = Array.from({ length: 100 }, (_, i) => ({ period: addDays(START, i), value: 0 }));
    expect(detectAnomalies({ ...orders, points: zeros })).toEqual([]);
    const tiny = zeros.map((p, i) => ({ ...p, value: i === 70 ? 3 : i % 3 === 0 ? 1 : 0 }));
    expect(detectAnomalies({ ...orders, points: tiny })).toEqual([]);
  });

  it("does not flag noise on a flat series", () => {
    const flat = Array.from({ length: 100 }, (_, i) => ({ period: addDays(START, i), value: 1000 + (i % 2) }));
    expect(detectAnomalies({ name: "Revenue", format: { unit: "currency", currency: "USD" }, points: flat })).toEqual([]);
    flat[90] = { period: flat[90]!.period, value: 1300 };
    expect(detectAnomalies({ name: "Revenue", format: { unit: "currency", currency: "USD" }, points: flat })).toMatchObject([{ direction: "spike", period: flat[90]!.period, expected: 1000.5 }]);
  });

  it("skips missing values and honours from", () => {
    const points: { period: string; value: number | null }[] = weekly(140, { 80: 100, 120: 100 });
    points[100] = { period: points[100]!.period, value: null };
    expect(detectAnomalies({ ...orders, points, from: addDays(START, 100) }).map((a) => a.period)).toEqual([addDays(START, 120)]);
  });

  it("works on weekly grain against the previous weeks", () => {
    const weeks = Array.from({ length: 20 }, (_, i) => ({ period: addDays(START, 7 * i), value: i === 15 ? 2000 : 7000 + 50 * noise(i) }));
    expect(detectAnomalies({ ...orders, grain: "week", points: weeks })).toMatchObject([
      { period: addDays(START, 105), direction: "dip", sentence: expect.stringMatching(/^Orders in the week of Apr 20, 2026: 2,000, far below the usual [\d,]+–[\d,]+\.$/) },
    ]);
  });

  it("rejects a malformed period", () => {
    expect(() => detectAnomalies({ ...orders, points: [{ period: "12/03/2026", value: 1 }] })).toThrow(/YYYY-MM-DD/);
  });
});

describe("baselineOf", () => {
  it("uses the median and scaled MAD of the same weekday, with floors", () => {
    const values = new Map([1, 2, 3, 4, 5, 6, 7, 8].map((j) => [addDays("2026-03-12", -7 * j), 100 + j * 10]));
    // 110..180: median 145, |deviations| 5,5,15,15,25,25,35,35 -> MAD 20 -> spread 29.652
    const base = baselineOf("2026-03-12", "day", (p) => values.get(p), true)!;
    expect(base.expected).toBe(145);
    expect(base.spread).toBeCloseTo(29.652, 6);
    expect(base.low).toBeCloseTo(145 - K * 29.652, 6);
    expect(base.high).toBeCloseTo(145 + K * 29.652, 6);
    expect(baselineOf("2026-03-13", "day", (p) => values.get(p), true)).toBeNull();
    // Identical history: the spread is 5% of the baseline, and the range stops at 0 for non-negative series.
    const same = baselineOf("2026-03-12", "day", () => 10, false)!;
    expect(same).toMatchObject({ expected: 10, spread: 0.5, low: 10 - K * 0.5, high: 10 + K * 0.5 });
    expect(baselineOf("2026-03-12", "day", () => 0, true)).toMatchObject({ expected: 0, spread: 1, low: 0, high: K });
    // Counts: at least the Poisson noise, sqrt(400) = 20.
    expect(baselineOf("2026-03-12", "day", () => 400, true)).toMatchObject({ expected: 400, spread: 20 });
  });

  it("pools the spread over all weekdays, relative to each weekday's level", () => {
    // Thursdays dead steady at 1000; every other weekday swings +/-20% around 500.
    const week = (p: string) => Math.floor(Date.parse(`${p}T00:00:00Z`) / 86_400_000 / 7);
    const valueAt = (p: string) => (new Date(`${p}T00:00:00Z`).getUTCDay() === 4 ? 1000 : week(p) % 2 ? 600 : 400);
    const base = baselineOf("2026-03-12", "day", valueAt, false)!;
    expect(base.expected).toBe(1000);
    // 48 of the 56 deviations are +/-20%, so the pooled spread is 1.4826 * 0.2 of the baseline.
    expect(base.spread).toBeCloseTo(1.4826 * 0.2 * 1000, 6);
  });
});
