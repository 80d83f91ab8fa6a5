import { describe, expect, it } from "vitest";
import { downsampleRows, lttbIndexes } from "@/lib/metrics/downsample-rows";

const wave = (n: number) => Array.from({ length: n }, (_, i) => Math.sin(i / 7) * 100 + (i === 333 ? 1000 : 0));

describe("lttbIndexes", () => {
  it.each([
    [10, 20, 10],
    [1461, 1000, 1000],
    [1461, 3, 3],
    [5, 2, 2],
    [5, 1, 1],
    [5, 0, 0],
  ])("%i values to at most %i: %i kept", (n, target, expected) => {
    const indexes = lttbIndexes(wave(n), target);
    expect(indexes).toHaveLength(expected);
    expect([...indexes].sort((a, b) => a - b)).toEqual(indexes);
    expect(new Set(indexes).size).toBe(indexes.length);
  });

  it("keeps the first, the last and a lone peak", () => {
    const indexes = lttbIndexes(wave(1461), 100);
    expect(indexes[0]).toBe(0);
    expect(indexes.at(-1)).toBe(1460);
    expect(indexes).toContain(333);
  });

  it("treats a gap as zero when choosing", () => {
    expect(lttbIndexes([1, null, 5, null, 1], 3)).toHaveLength(3);
  });
});

describe("downsampleRows", () => {
  it("returns the rows themselves, in order", () => {
    const rows = wave(50).map((v, i) => ({ i, v }));
    const out = downsampleRows(rows, 10, (r) => r.v);
    expect(out).toHaveLength(10);
    expect(out.every((r) => rows[r.i] === r)).toBe(true);
  });
  it("leaves short data alone", () => {
    const rows = [{ v: 1 }, { v: 2 }];
    expect(downsampleRows(rows, 10, (r) => r.v)).toEqual(rows);
  });
});
