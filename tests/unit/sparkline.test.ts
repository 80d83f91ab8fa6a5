import { describe, expect, it } from "vitest";
import { sparklinePath } from "@/components/charts/sparkline";

describe("sparkline path", () => {
  it.each([
    [[], ""],
    [[null, null], ""],
    [[5], "M50.00 22.00"],
    [[1, 3, 2], "M0.00 41.00L50.00 3.00L100.00 22.00"],
    [[2, 2], "M0.00 22.00L100.00 22.00"],
    [[1, null, 3], "M0.00 41.00M100.00 3.00"],
  ])("%j", (values, path) => {
    expect(sparklinePath(values, 44)).toBe(path);
  });
});
