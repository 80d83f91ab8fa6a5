import { describe, expect, it } from "vitest";
import { metricDefinitionSchema } from "@/lib/metrics/definition-schema";
import { describeFormula } from "@/lib/metrics/formula";

const common = { name: "A metric", description: "What it measures.", unit: "count", owner: "team@example.com" };

const define = (fields: Record<string, unknown>) => metricDefinitionSchema.parse({ key: "m", ...common, ...fields });

describe("describeFormula", () => {
  it.each([
    [
      "sum with a filter, every grain",
      { kind: "aggregate", table: "orders", time_column: "ordered_at", aggregate: { fn: "sum", column: "amount" }, filters: [{ column: "status", op: "eq", value: "paid" }] },
      "Sum of orders.amount where status is 'paid', per day/week/month/quarter",
    ],
    [
      "count of rows, some grains",
      { kind: "aggregate", table: "orders", time_column: "ordered_at", aggregate: { fn: "count" }, grains: ["week", "month"] },
      "Count of orders rows, per week/month",
    ],
    [
      "count distinct with several filters",
      {
        kind: "aggregate",
        table: "orders",
        time_column: "ordered_at",
        aggregate: { fn: "count_distinct", column: "user_id" },
        filters: [
          { column: "status", op: "in", value: ["paid", "shipped"] },
          { column: "amount", op: "gte", value: 10 },
          { column: "coupon", op: "is_null" },
        ],
        grains: ["day"],
      },
      "Distinct count of orders.user_id where status is one of 'paid', 'shipped' and amount is at least 10 and coupon is empty, per day",
    ],
    [
      "average, other operators",
      {
        kind: "aggregate",
        table: "sessions",
        time_column: "started_at",
        aggregate: { fn: "avg", column: "duration_s" },
        filters: [
          { column: "platform", op: "neq", value: "bot" },
          { column: "duration_s", op: "gt", value: 0 },
          { column: "duration_s", op: "lt", value: 86400 },
          { column: "duration_s", op: "lte", value: 86399 },
          { column: "country", op: "not_in", value: ["XX"] },
          { column: "user_id", op: "not_null" },
          { column: "is_test", op: "eq", value: false },
        ],
        grains: ["month"],
      },
      "Average of sessions.duration_s where platform is not 'bot' and duration_s is greater than 0 and duration_s is less than 86400 and duration_s is at most 86399 and country is none of 'XX' and user_id is not empty and is_test is false, per month",
    ],
    ["max", { kind: "aggregate", table: "orders", time_column: "ordered_at", aggregate: { fn: "max", column: "amount" }, grains: ["day"] }, "Maximum of orders.amount, per day"],
    ["min", { kind: "aggregate", table: "orders", time_column: "ordered_at", aggregate: { fn: "min", column: "amount" }, grains: ["day"] }, "Minimum of orders.amount, per day"],
    [
      "rolling distinct",
      { kind: "rolling_distinct", table: "sessions", time_column: "started_at", column: "user_id", window_days: 30 },
      "Distinct sessions.user_id active in the trailing 30 days, at every day",
    ],
    [
      "rolling distinct over one day, filtered",
      { kind: "rolling_distinct", table: "sessions", time_column: "started_at", column: "user_id", window_days: 1, filters: [{ column: "platform", op: "eq", value: "ios" }] },
      "Distinct sessions.user_id active in the trailing day where platform is 'ios', at every day",
    ],
    ["cumulative count", { kind: "cumulative", table: "users", time_column: "created_at", aggregate: { fn: "count" } }, "Running count of users from the first day"],
    [
      "cumulative sum",
      { kind: "cumulative", table: "orders", time_column: "ordered_at", aggregate: { fn: "sum", column: "amount" } },
      "Running sum of orders.amount from the first day",
    ],
    [
      "cumulative distinct",
      { kind: "cumulative", table: "orders", time_column: "ordered_at", aggregate: { fn: "count_distinct", column: "user_id" } },
      "Running distinct count of orders.user_id from the first day",
    ],
    ["ratio", { kind: "ratio", numerator: "orders", denominator: "sessions" }, "orders ÷ sessions"],
    ["derived", { kind: "derived", expression: "revenue / mau" }, "revenue / mau"],
    ["derived, untidy spacing", { kind: "derived", expression: "  (revenue  -\n refunds) / mau " }, "(revenue - refunds) / mau"],
  ])("%s", (_case, fields, expected) => {
    expect(describeFormula(define(fields))).toBe(expected);
  });
});
