import { describe, expect, it } from "vitest";
import { evaluateExpression, expressionMetricKeys, parseExpression } from "@/lib/metrics/expression";

describe("derived metric expressions", () => {
  it.each([
    ["revenue / mau", { revenue: 100, mau: 4 }, 25],
    ["2 * a - b", { a: 3, b: 1 }, 5],
    ["a - b - c", { a: 10, b: 3, c: 2 }, 5],
    ["a / b / c", { a: 12, b: 3, c: 2 }, 2],
    ["(a + b) * c", { a: 1, b: 2, c: 3 }, 9],
    ["-a + 1.5e1", { a: 5 }, 10],
    ["a / b", { a: 1, b: 0 }, null],
    ["a + b", { a: 1 }, null],
  ])("%s", (source, values, expected) => {
    expect(evaluateExpression(parseExpression(source), values)).toBe(expected);
  });

  it("lists each metric once", () => {
    expect(expressionMetricKeys(parseExpression("a / (a + b_2)"))).toEqual(["a", "b_2"]);
  });

  it.each([
    ["", "expression is empty"],
    ["a +", "ends too early"],
    ["a b", "unexpected 'b' at character 3"],
    ["(a + b", "missing ')'"],
    ["a; DROP TABLE users", "unexpected ';' at character 2"],
    ["Revenue", "unexpected 'R' at character 1"],
    ["a % b", "unexpected '%' at character 3"],
  ])("rejects %j", (source, message) => {
    expect(() => parseExpression(source)).toThrow(message);
  });
});
