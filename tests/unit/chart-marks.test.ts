import { describe, expect, it } from "vitest";
import { placeMarks } from "@/components/charts/place-marks";
import { anomalyMarks, checkDays, qualityMarks, toQualityIssues } from "@/lib/metrics/chart-marks";
import type { QualityCheck } from "@/lib/quality/check-schema";

const check = (over: Partial<QualityCheck>): QualityCheck => ({
  id: "c1",
  runId: "run-1",
  nodeKind: "table",
  nodeName: "public.orders",
  check: "duplicate_keys",
  status: "fail",
  column: "order_id",
  expected: "0",
  actual: "103",
  message: "103 duplicate rows by order_id in orders, on 2026-06-18 (103 extra rows)",
  detail: { duplicateRows: 103, days: [{ day: "2026-06-18", rows: 103 }] },
  checkedAt: "2026-11-21T00:00:00.000Z",
  ...over,
});

describe("quality issues", () => {
  it("reads the days a duplicate-key check names", () => {
    expect(checkDays(check({}))).toEqual(["2026-06-18"]);
    expect(checkDays(check({ detail: { rows: 3 } }))).toEqual([]);
    expect(checkDays(check({ detail: { days: [{ day: "not a day" }, "2026-01-02"] } }))).toEqual(["2026-01-02"]);
  });

  it("keeps failed and warning checks once, preferring the metric's own run, failures first", () => {
    const issues = toQualityIssues([
      { check: check({ id: "fresh", status: "warn", nodeName: "public.users", message: "old", detail: {} }), via: null },
      { check: check({ runId: "input-run" }), via: "revenue" },
      { check: check({}), via: null },
      { check: check({ id: "ok", status: "pass" }), via: null },
      { check: check({ id: "na", status: "not_applicable" }), via: null },
    ]);
    expect(issues.map((i) => [i.checkId, i.status, i.via, i.runId])).toEqual([
      ["c1", "fail", null, "run-1"],
      ["fresh", "warn", null, "run-1"],
    ]);
  });
});

describe("quality marks", () => {
  const [issue] = toQualityIssues([{ check: check({}), via: "revenue" }]);

  it.each([
    ["day", "2026-06-01", "2026-06-30", ["2026-06-18"]],
    ["week", "2026-06-01", "2026-06-30", ["2026-06-15"]],
    ["month", "2026-01-01", "2026-12-31", ["2026-06-01"]],
    // A range that starts inside the marked bucket still shows it.
    ["month", "2026-06-10", "2026-07-31", ["2026-06-01"]],
    ["day", "2026-07-01", "2026-07-31", []],
    ["day", "2026-06-19", "2026-06-30", []],
  ] as const)("at grain %s in %s..%s marks %j", (grain, from, to, periods) => {
    const marks = qualityMarks([issue!], "ARPU", grain, from, to);
    expect(marks.map((m) => m.period)).toEqual(periods);
  });

  it("says what failed, through which input, for which day, and links to the check", () => {
    const [mark] = qualityMarks([issue!], "ARPU", "day", "2026-06-01", "2026-06-30");
    expect(mark).toMatchObject({ kind: "quality", title: "Quality check failed", href: "/runs/run-1#quality-checks" });
    expect(mark!.detail).toBe("103 duplicate rows by order_id in orders, on 2026-06-18 (103 extra rows) (read through revenue): ARPU on Thu, 18 Jun 2026 may be wrong.");
  });
});

describe("placeMarks", () => {
  const mark = (index: string) => ({ index, symbol: "!", tone: "bad" as const, title: "t", detail: "d" });
  it("keeps drawn indexes, moves undrawn ones to the nearest earlier drawn one, drops those outside", () => {
    const drawn = ["2026-01-01", "2026-01-05", "2026-01-09"];
    expect(placeMarks([mark("2026-01-05"), mark("2026-01-07"), mark("2025-12-31"), mark("2026-01-10")], drawn).map((m) => m.index)).toEqual([
      "2026-01-05",
      "2026-01-05",
    ]);
    expect(placeMarks([mark("2026-01-05")], [])).toEqual([]);
  });
});

describe("anomaly marks", () => {
  const dip = { period: "2026-03-12", low: 42, high: 125, direction: "dip" as const, sentence: "Orders on Thu, Mar 12, 2026: 20, below the usual 42–125 for a Thursday." };
  const spike = { ...dip, period: "2026-03-20", direction: "spike" as const, sentence: "spike" };

  it("marks flagged days in range with the expected range at day grain, linking to the day's drill-through", () => {
    const marks = anomalyMarks([dip, spike], "day", "2026-03-01", "2026-03-15", (d) => `/points/${d}`);
    expect(marks).toEqual([
      { kind: "anomaly", period: "2026-03-12", title: "Unusual dip", detail: dip.sentence, href: "/points/2026-03-12", expected: { low: 42, high: 125 } },
    ]);
  });

  it("merges the flagged days of one bucket into one mark at a coarser grain", () => {
    const days = ["2025-10-01", "2025-10-02", "2025-10-03", "2025-10-04"].map((period) => ({ ...spike, period, sentence: `s ${period}.` }));
    const marks = anomalyMarks([...days, dip], "week", "2025-09-29", "2026-03-31");
    expect(marks.map((m) => [m.period, m.title])).toEqual([
      ["2025-09-29", "Unusual spikes"],
      ["2026-03-09", "Unusual dip"],
    ]);
    expect(marks[0]!.detail).toBe("4 unusual days in this week: s 2025-10-01. s 2025-10-02. s 2025-10-03. And 1 more.");
  });

  it("puts a flagged day in its bucket at a coarser grain, without a range on another scale", () => {
    const [mark] = anomalyMarks([spike], "week", "2026-03-01", "2026-03-31");
    expect(mark).toEqual({ kind: "anomaly", period: "2026-03-16", title: "Unusual spike", detail: "spike", href: null });
  });
});
