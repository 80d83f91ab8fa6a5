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
    expect(mismatchReason({ runVersionId: "m@a", currentVersionId: "m@b", storedRows: 1, recomputedRows: 2 })).toBe("definition changed since the run (version m@a -> m@b)");
    expect(mismatchReason({ runVersionId: "m@a", currentVersionId: "m@a", storedRows: 3, recomputedRows: 2 })).toBe("source rows changed after the run: 2 rows now vs 3 at the run");
    expect(mismatchReason({ runVersionId: "m@a", currentVersionId: "m@a", storedRows: null, recomputedRows: 2 })).toBe("unexplained difference");
  });

  it("names the field of a bad body", () => {
    const r = verifyPointBodySchema.safeParse({ period: "2024-13-01", grain: "day" });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(["period"]);
    expect(verifyPointBodySchema.safeParse({ period: "2024-01-01", grain: "day", dimension: "country" }).error?.issues[0]?.path).toEqual(["value"]);
    expect(verifyPointBodySchema.safeParse({ period: "2024-01-01", grain: "hour" }).error?.issues[0]?.path).toEqual(["grain"]);
  });
});
