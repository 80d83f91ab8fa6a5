// Pure helpers shared by the loader and the compiler.
import type { MetricDefinition } from "./definition-schema";
import { parseExpression, expressionMetricKeys } from "./expression";

export interface LintIssue {
  file: string;
  line: number;
  field: string;
  message: string;
}

/** The metrics a ratio or derived metric reads, with the field that names each. */
export function composedInputs(d: MetricDefinition): { key: string; field: string }[] {
  if (d.kind === "ratio") return [{ key: d.numerator, field: "numerator" }, { key: d.denominator, field: "denominator" }];
  if (d.kind === "derived") {
    try {
      return expressionMetricKeys(parseExpression(d.expression)).map((key) => ({ key, field: "expression" }));
    } catch {
      return [];
    }
  }
  return [];
}
