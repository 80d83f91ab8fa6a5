import { describe, expect, it } from "vitest";
import { describeDuplicates, reconciles } from "@/lib/quality/check-schema";
import { tableChecks } from "@/lib/quality/table-checks";

const ORDERS = { table: "orders", system: "shop-db", key: ["order_id"], time_column: "ordered_at", expected_freshness_days: 2 };
const NOW = new Date("2026-07-01T00:00:00Z");

describe("describeDuplicates", () => {
  it.each([
    { days: [], text: "no duplicate order_id in orders" },
    { days: [{ day: "2026-06-18", rows: 1 }], text: "1 duplicate row by order_id in orders, on 2026-06-18 (1 extra row)" },
    { days: [{ day: "2026-06-18", rows: 40 }, { day: "2026-06-19", rows: 2 }], text: "42 duplicate rows by order_id in orders, on 2026-06-18 (40 extra rows), 2026-06-19 (2 extra rows)" },
  ])("$text", ({ days, text }) => {
    expect(describeDuplicates("orders", ["order_id"], days)).toBe(text);
  });
});

describe("reconciles", () => {
  it.each([
    { raw: 10, rollup: 10, exact: true, ok: true },
    { raw: 10, rollup: 11, exact: true, ok: false },
    { raw: 1e6, rollup: 1e6 * (1 + 1e-12), exact: false, ok: true },
    { raw: 1e6, rollup: 1e6 * (1 + 1e-6), exact: false, ok: false },
    { raw: null, rollup: null, exact: false, ok: true },
    { raw: 0, rollup: null, exact: true, ok: false },
  ])("$raw vs $rollup (exact: $exact) -> $ok", ({ raw, rollup, exact, ok }) => {
    expect(reconciles(raw, rollup, exact)).toBe(ok);
  });
});

describe("tableChecks", () => {
  const profile = { table: "public.orders", rowCount: 100, maxTime: "2026-06-30 12:00:00", nullKeys: 0, duplicateDays: [{ day: "2026-06-18", rows: 7 }] };
  const byName = (checks: ReturnType<typeof tableChecks>) => Object.fromEntries(checks.map((c) => [c.check, c.status]));

  it("fails duplicate keys and passes the rest on a fresh table", () => {
    expect(byName(tableChecks(ORDERS, profile, NOW))).toEqual({ freshness: "pass", row_count: "pass", null_keys: "pass", duplicate_keys: "fail" });
  });
  it("warns on a stale table and fails on null keys and no rows", () => {
    expect(byName(tableChecks(ORDERS, { ...profile, rowCount: 0, nullKeys: 3, maxTime: "2026-06-01", duplicateDays: [] }, NOW))).toEqual({ freshness: "warn", row_count: "fail", null_keys: "fail", duplicate_keys: "pass" });
  });
});
