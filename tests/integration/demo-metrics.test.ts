// The demo metrics, computed by the pipeline from a small seeded shop, checked
// point by point against plain SQL written here, independently of the compiler.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoShop } from "@/lib/demo/seed";
import { getMetricView } from "@/lib/metrics/queries/get-metric-view";
import { metricViewSchema } from "@/lib/metrics/view-schema";
import { computeMetrics } from "@/lib/pipeline/compute";
import { WAREHOUSES, type TestWarehouse } from "../support/warehouses";
import { adminViewer } from "../support/viewers";

const METRICS_DIR = path.resolve("metrics");
const DEMO_METRICS = ["arpu", "average_order_value", "buyers", "conversion_rate", "dau", "largest_order", "mau", "orders", "refund_rate", "refunds", "revenue", "sessions", "signups", "total_signups", "wau"];

type Sample = { metric: string; grain: string; dimension?: string; value?: string; expected: (period: string) => string };

const PAID = `status = 'paid'`;
const endOf = (grain: string) => `LEAST((date_trunc('${grain}', $1::date::timestamp) + interval '1 ${grain}' - interval '1 day')::date, (SELECT max(started_at)::date FROM sessions))`;
const inPeriod = (col: string, grain: string) => `${col} >= $1::date AND ${col} < ($1::date + interval '1 ${grain}')`;
const activeIn = (days: number, at: string) => `started_at >= (${at} - ${days - 1}) AND started_at < (${at} + 1)`;

const SAMPLES: Sample[] = [
  { metric: "revenue", grain: "day", expected: () => `SELECT sum(amount) FROM orders WHERE ${PAID} AND ${inPeriod("ordered_at", "day")}` },
  { metric: "revenue", grain: "month", dimension: "country", value: "DE", expected: () => `SELECT sum(amount) FROM orders WHERE ${PAID} AND country = 'DE' AND ${inPeriod("ordered_at", "month")}` },
  { metric: "orders", grain: "week", dimension: "platform", value: "ios", expected: () => `SELECT count(*) FROM orders WHERE ${PAID} AND platform = 'ios' AND ${inPeriod("ordered_at", "week")}` },
  { metric: "average_order_value", grain: "quarter", expected: () => `SELECT avg(amount) FROM orders WHERE ${PAID} AND ordered_at >= $1::date AND ordered_at < ($1::date + interval '3 months')` },
  { metric: "buyers", grain: "month", expected: () => `SELECT count(DISTINCT user_id) FROM orders WHERE ${PAID} AND ${inPeriod("ordered_at", "month")}` },
  { metric: "largest_order", grain: "week", expected: () => `SELECT max(amount) FROM orders WHERE ${PAID} AND ${inPeriod("ordered_at", "week")}` },
  { metric: "refunds", grain: "month", expected: () => `SELECT count(*) FROM refunds WHERE ${inPeriod("refunded_at", "month")}` },
  { metric: "sessions", grain: "day", dimension: "country", value: "US", expected: () => `SELECT count(*) FROM sessions WHERE country = 'US' AND ${inPeriod("started_at", "day")}` },
  { metric: "signups", grain: "week", expected: () => `SELECT count(*) FROM users WHERE ${inPeriod("created_at", "week")}` },
  { metric: "total_signups", grain: "month", expected: () => `SELECT count(*) FROM users WHERE created_at < (${endOf("month")} + 1)` },
  { metric: "dau", grain: "day", expected: () => `SELECT count(DISTINCT user_id) FROM sessions WHERE ${activeIn(1, "$1::date")}` },
  { metric: "wau", grain: "day", dimension: "platform", value: "android", expected: () => `SELECT count(DISTINCT user_id) FROM sessions WHERE platform = 'android' AND ${activeIn(7, "$1::date")}` },
  { metric: "mau", grain: "day", expected: () => `SELECT count(DISTINCT user_id) FROM sessions WHERE ${activeIn(30, "$1::date")}` },
  { metric: "mau", grain: "month", dimension: "country", value: "GB", expected: () => `SELECT count(DISTINCT user_id) FROM sessions WHERE country = 'GB' AND ${activeIn(30, endOf("month"))}` },
  { metric: "conversion_rate", grain: "week", expected: () => `SELECT (SELECT count(*) FROM orders WHERE ${PAID} AND ${inPeriod("ordered_at", "week")})::float8 / (SELECT count(*) FROM sessions WHERE ${inPeriod("started_at", "week")})` },
  { metric: "refund_rate", grain: "month", expected: () => `SELECT (SELECT count(*) FROM refunds WHERE ${inPeriod("refunded_at", "month")})::float8 / (SELECT count(*) FROM orders WHERE ${PAID} AND ${inPeriod("ordered_at", "month")})` },
  { metric: "arpu", grain: "month", expected: () => `SELECT (SELECT sum(amount) FROM orders WHERE ${PAID} AND ${inPeriod("ordered_at", "month")})::float8 / (SELECT count(DISTINCT user_id) FROM sessions WHERE ${activeIn(30, endOf("month"))})` },
];

describe.each(WAREHOUSES)("demo metrics on $name agree with independent SQL", (factory) => {
  let wh: TestWarehouse;

  beforeAll(async () => {
    wh = await factory.open();
    await seedDemoShop(wh.sql, { scale: 60_000 });
    const results = await computeMetrics(wh, { metricsDir: METRICS_DIR });
    expect(results.filter((r) => r.status !== "succeeded")).toEqual([]);
  });
  afterAll(() => wh?.dispose());

  it("computes every demo metric", async () => {
    const rows = await wh.sql.query<{ metric_key: string }>(`SELECT DISTINCT metric_key FROM metric_value ORDER BY 1`);
    expect(rows.map((r) => r.metric_key)).toEqual(DEMO_METRICS);
  });

  it.each([
    ["orders", "day", ["2026-06-18"]],
    ["revenue", "week", ["2026-06-15"]],
    // ARPU reads revenue, which reads the orders table with the duplicated load.
    ["arpu", "month", ["2026-06-01"]],
    ["sessions", "day", []],
  ] as const)("marks the duplicated order load on the %s chart by %s", async (key, grain, periods) => {
    const view = metricViewSchema.parse({ range: "custom", from: "2026-06-01", to: "2026-06-30", grain });
    const data = await getMetricView(wh, adminViewer, key, view, { today: "2026-11-21" });
    expect(data.marks.filter((m) => m.kind === "quality").map((m) => m.period)).toEqual(periods);
    if (periods.length > 0) {
      expect(data.qualityIssues.map((i) => [i.node, i.status, i.days])).toEqual([["public.orders", "fail", ["2026-06-18"]]]);
      expect(data.marks.find((m) => m.kind === "quality")!.detail).toMatch(/duplicate rows by order_id/);
    } else {
      expect(data.qualityIssues.filter((i) => i.status === "fail")).toEqual([]);
    }
  });

  it("marks the outage as an unusual dip on the sessions chart, and no ordinary weekend", async () => {
    const view = metricViewSchema.parse({ range: "custom", from: "2026-02-01", to: "2026-04-30", grain: "day" });
    const data = await getMetricView(wh, adminViewer, "sessions", view, { today: "2026-11-21" });
    const anomalies = data.marks.filter((m) => m.kind === "anomaly");
    expect(anomalies.map((m) => [m.period, m.title])).toContainEqual(["2026-03-12", "Unusual dip"]);
    const weekday = (d: string) => new Date(`${d}T00:00:00Z`).getUTCDay();
    expect(anomalies.filter((m) => m.title === "Unusual dip" && [0, 6].includes(weekday(m.period)))).toEqual([]);
    const outage = anomalies.find((m) => m.period === "2026-03-12")!;
    expect(outage.expected!.low).toBeGreaterThan(data.rows.find((r) => r.period === "2026-03-12")!.values.s0!);
    expect(outage.href).toBe("/metrics/sessions/points?grain=day&period=2026-03-12");
  });

  it.each(SAMPLES)("$metric by $grain $dimension=$value", async (sample) => {
    // Sample the first, a middle and the last period of the stored series.
    const periods = await wh.sql.query<{ period: string; value: number | null }>(
      `SELECT period, value FROM metric_value WHERE metric_key = $1 AND grain = $2 AND dimension = $3 AND dimension_value = $4 ORDER BY period`,
      [sample.metric, sample.grain, sample.dimension ?? "", sample.value ?? ""],
    );
    expect(periods.length).toBeGreaterThan(sample.grain === "quarter" ? 2 : 3);
    const picks = [periods[0]!, periods[Math.floor(periods.length / 2)]!, periods[periods.length - 2]!, periods[periods.length - 1]!];
    for (const point of picks) {
      const [row] = await wh.sql.query<Record<string, unknown>>(sample.expected(point.period), [point.period]);
      const expected = Number(Object.values(row ?? {})[0]);
      expect(point.value, `${sample.metric} ${sample.grain} ${point.period}`).not.toBeNull();
      if (Number.isInteger(expected)) expect(point.value).toBe(expected);
      else expect(Math.abs(point.value! - expected) / Math.abs(expected)).toBeLessThan(1e-9);
    }
  });
});
