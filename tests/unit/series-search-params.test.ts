import { describe, expect, it } from "vitest";
import { searchParamsToRecord, seriesSearchParamsSchema } from "@/lib/metrics/api-schema";

const parse = (query: string) => seriesSearchParamsSchema.safeParse(searchParamsToRecord(new URLSearchParams(query)));

describe("series query string", () => {
  it.each([
    ["", { grain: "day", filters: {}, maxPoints: 1000 }],
    ["grain=week&from=2024-01-01&to=2024-12-31", { grain: "week", from: "2024-01-01", to: "2024-12-31", filters: {}, maxPoints: 1000 }],
    ["by=country", { grain: "day", by: "country", filters: {}, maxPoints: 1000 }],
    ["filter.country=DE", { grain: "day", filters: { country: "DE" }, maxPoints: 1000 }],
    ["filter.country=", { grain: "day", filters: { country: "" }, maxPoints: 1000 }],
    ["from=2024-02-29&to=2024-02-29", { grain: "day", from: "2024-02-29", to: "2024-02-29", filters: {}, maxPoints: 1000 }],
    ["maxPoints=200", { grain: "day", filters: {}, maxPoints: 200 }],
  ])("accepts %j", (query, expected) => {
    const result = parse(query);
    expect(result.success && result.data).toEqual(expected);
  });

  it.each([
    ["grain=hour", "grain"],
    ["grain=", "grain"],
    ["from=2024-1-1", "from"],
    ["from=2023-02-29", "from"],
    ["to=tomorrow", "to"],
    ["from=2024-03-01&to=2024-02-01", "from"],
    ["by=", "by"],
    ["grain=day&grain=week", "grain"],
    ["limit=10", "limit"],
    ["maxPoints=1", "maxPoints"],
    ["maxPoints=1001", "maxPoints"],
    ["maxPoints=ten", "maxPoints"],
    ["filter.=DE", "filter."],
    ["filter[country]=DE", "filter[country]"],
    [`filter.${"x".repeat(64)}=1`, `filter.${"x".repeat(64)}`],
  ])("rejects %j naming %s", (query, parameter) => {
    const result = parse(query);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual([parameter]);
  });
});
