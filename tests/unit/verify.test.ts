import { describe, expect, it } from "vitest";
import { metricDefinitionSchema } from "@/lib/metrics/definition-schema";
import { mismatchReason, toleranceOf, valuesMatch, verifyPointBodySchema } from "@/lib/verify/verify-schema";

const base = { key: "m", name: "m", description: "d", unit: "number", owner: "o" };

describe("verify rules", () => {
  it.each([
    [{ kind: "aggregate", table: "t", time_column: "t", aggregate: { fn: "count" } }, "exact"],
    [{ kind: "aggregate", table: "t", time_column: "t", aggregate: { fn: "sum", column: "a" } }, "relative 1e-9"],
    [{ kind: "rolling_distinct", table: "t", time_column: "t", column: "u", window_days: 7 }, "exact"],
    [{ kind: "cumulative", table: "t", time_column: "t", aggregate: { fn: "count_distinct", column: "u" } }, "exact"],
    [{ kind: "ratio", numerator: "a", denominator: "b" }, "relative 1e-9"],
  ])("tolerance of %o is %s", (d, tolerance) => {
    expect(toleranceOf(metricDefinitionSchema.parse({ ...base, ...d }))).toBe(tolerance);
  });

  it.each([
    [1, 1, "exact", true],
    [1, 2, "exact", false],
    [100, 100 + 1e-8, "relative 1e-9", true],
    [100, 100.001, "relative 1e-9", false],
    [null, null, "exact", true],
    [null, 0, "exact", false],
  ] as const)("%s vs %s (%s) match: %s", (a, b, t, expected) => {
    expect(valuesMatch(a, b, t)).toBe(expected);
  });

  it("names the most decisive reason", () => {
    const agg = { kind: "aggregate", runVersionId: "m@a", currentVersionId: "m@a" } as const;
    expect(mismatchReason({ ...agg, runVersionId: "m@x", storedRows: 1, recomputedRows: 2 })).toBe("definition changed since the run (version m@x -> m@a)");
    expect(mismatchReason({ ...agg, storedRows: 3, recomputedRows: 2 })).toBe("source rows changed after the run: 2 rows now vs 3 at the run");
    expect(mismatchReason({ ...agg, storedRows: 3, recomputedRows: 3 })).toMatch(/^unexplained difference: the definition and the point's source row count \(3\) are unchanged/);
  });

  it("falls back on the run's source row count where points do not record theirs", () => {
    const rolling = { kind: "rolling_distinct", runVersionId: "m@a", currentVersionId: "m@a", storedRows: null, recomputedRows: 40 } as const;
    expect(mismatchReason({ ...rolling, source: { table: "sessions", atRun: 100, now: 99 } })).toBe(
      "source rows changed after the run: sessions has 99 rows the metric reads now vs 100 at the run (source row counts per point are not recorded for rolling distinct metrics)",
    );
    expect(mismatchReason({ ...rolling, source: { table: "sessions", atRun: 100, now: 100 } })).toBe(
      "unexplained difference: source row counts per point are not recorded for rolling distinct metrics; the definition is unchanged, and sessions has as many rows the metric reads as at the run (100)",
    );
    expect(mismatchReason({ ...rolling, kind: "cumulative" })).toBe("unexplained difference: source row counts per point are not recorded for cumulative metrics; the definition is unchanged");
  });

  it("names the input of a composed metric that differs, with its reason", () => {
    const ratio = { kind: "ratio", runVersionId: "r@a", currentVersionId: "r@a", storedRows: null, recomputedRows: null } as const;
    expect(mismatchReason({ ...ratio, input: { key: "orders", stored: 12, recomputed: 11, reason: "source rows changed after the run: 11 rows now vs 12 at the run" } })).toBe(
      "input metric orders differs (stored 12, now 11): source rows changed after the run: 11 rows now vs 12 at the run",
    );
    expect(mismatchReason({ ...ratio, input: { key: "x", stored: 1 / 3, recomputed: null, reason: "r" } })).toBe("input metric x differs (stored 0.3333333333, now no value): r");
    expect(mismatchReason({ ...ratio, inputs: { keys: ["orders", "sessions"], fromStored: 0.5 } })).toMatch(/^every input \(orders, sessions\) matches its recomputation, and their stored points give 0\.5/);
    expect(mismatchReason({ ...ratio, runVersionId: "r@0", input: { key: "orders", stored: 1, recomputed: 2, reason: "r" } })).toMatch(/^definition changed/);
  });

  it("names the field of a bad body", () => {
    const r = verifyPointBodySchema.safeParse({ period: "2024-13-01", grain: "day" });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(["period"]);
    expect(verifyPointBodySchema.safeParse({ period: "2024-01-01", grain: "day", dimension: "country" }).error?.issues[0]?.path).toEqual(["value"]);
    expect(verifyPointBodySchema.safeParse({ period: "2024-01-01", grain: "hour" }).error?.issues[0]?.path).toEqual(["grain"]);
  });
});
