// The executive brief and "what drove the change" over a small seeded demo:
// sentences and statuses agree with the stored values, additive drivers sum
// to the change, a ratio's mix and rate effects sum to its change.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getExecutiveBrief } from "@/lib/brief/queries/get-executive-brief";
import { executiveBriefSchema } from "@/lib/brief/brief-schema";
import { listMetricAnomalies } from "@/lib/anomaly/queries/list-metric-anomalies";
import { DEMO_EVENTS, seedDemoShop } from "@/lib/demo/seed";
import { getMetricDriversOrThrow } from "@/lib/drivers/queries/get-metric-drivers-or-throw";
import { getMetricStatusOrThrow } from "@/lib/intent/queries/get-metric-status-or-throw";
import { metricStatus } from "@/lib/intent/status";
import { STATUS_RANK } from "@/lib/intent/status-summary";
import { formatChange, formatValue } from "@/lib/metrics/format";
import { addPeriods } from "@/lib/metrics/periods";
import { computeMetrics } from "@/lib/pipeline/compute";
import { WAREHOUSES, type TestWarehouse } from "../support/warehouses";
import { adminViewer } from "../support/viewers";

// The demo's metrics, with sessions made a headline metric: at this small scale
// its outage dip is the one unusual day the detector is sure to flag.
const METRICS_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "triad-brief-metrics-"));
fs.cpSync(path.resolve("metrics"), METRICS_DIR, { recursive: true });
const sessionsFile = path.join(METRICS_DIR, "sessions.yaml");
fs.writeFileSync(sessionsFile, `${fs.readFileSync(sessionsFile, "utf8").replace(/^headline:.*$/m, "")}\nheadline: true\n`);

afterAll(() => fs.rmSync(METRICS_DIR, { recursive: true, force: true }));

/** Units of the metrics computed here: the detector's noise floor depends on them. */
const UNITS = { orders: "count", sessions: "count", revenue: "currency", conversion_rate: "percent" } as const;

describe.each(WAREHOUSES)("brief and drivers on $name", (factory) => {
  let wh: TestWarehouse;
  const stored = async (key: string, grain: string, period: string, dimension = "", value = "") =>
    (await wh.sql.query<{ value: number | null }>(
      `SELECT value FROM metric_value WHERE metric_key = $1 AND grain = $2 AND period = $3::date AND dimension = $4 AND dimension_value = $5`,
      [key, grain, period, dimension, value],
    ))[0]?.value ?? null;

  beforeAll(async () => {
    wh = await factory.open();
    await seedDemoShop(wh.sql, { scale: 150_000 });
    const results = await computeMetrics(wh, { metricsDir: METRICS_DIR, only: ["orders", "sessions", "conversion_rate", "revenue"] });
    expect(results.filter((r) => r.status !== "succeeded")).toEqual([]);
  }, 600_000);
  afterAll(() => wh?.dispose());

  it("reports each headline metric's latest complete week as stored, judged against its target", async () => {
    const brief = executiveBriefSchema.parse(await getExecutiveBrief(wh, adminViewer));
    expect(brief.asOf).toBe("2026-09-30");
    // Off track first: the order follows the statuses.
    const ranks = brief.metrics.map((m) => STATUS_RANK[m.status]);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    const orders = brief.metrics.find((m) => m.key === "orders");
    expect(orders).toMatchObject({ grain: "week", period: "2026-09-21" });
    const value = await stored("orders", "week", "2026-09-21");
    const previous = await stored("orders", "week", "2026-09-14");
    expect(orders?.value).toBe(value);
    const expected = metricStatus({ name: "Orders", format: { unit: "count" }, direction: "higher_is_better", target: { week: 720 }, bands: { type: "relative", at_risk: 0.95, off_track: 0.85 }, grain: "week", period: "2026-09-21", value });
    expect(orders?.status).toBe(expected.status);
    const text = (kind: string) => orders?.sentences.find((s) => s.kind === kind);
    expect(text("value")?.text).toBe(`Orders in the week of Sep 21, 2026: ${formatValue(value, { unit: "count" })}.`);
    const change = (value! - previous!) / previous!;
    expect(text("change")).toMatchObject({ meaning: change > 0 ? "better" : "worse", text: expect.stringContaining(`Orders ${formatChange(change)} vs previous week: ${change > 0 ? "better" : "worse"}`) });
    expect(text("status")?.text).toMatch(new RegExp(`^${expected.label}: [\\d.]+% (above|below) the 720 target\\.$`));
    expect(text("change")?.href).toBe("/metrics/orders?range=custom&from=2026-06-29&to=2026-09-27&grain=week");
  });

  it("names each metric's latest unusual day of the past year and links the daily chart around it", async () => {
    const brief = await getExecutiveBrief(wh, adminViewer);
    for (const m of brief.metrics.filter((x) => x.period !== null)) {
      const unit = UNITS[m.key as keyof typeof UNITS];
      const found = await listMetricAnomalies(wh, { key: m.key, name: m.name, unit, ...(unit === "currency" ? { currency: "USD" } : {}) }, { grain: "day", from: "2025-10-02", to: "2026-09-30" });
      expect(m.anomaly?.period ?? null).toBe(found.at(-1)?.period ?? null);
    }
    const sessions = brief.metrics.find((m) => m.key === "sessions");
    expect(sessions?.anomaly).toEqual({ period: DEMO_EVENTS.outage.date, direction: "dip", recent: false });
    const sentence = sessions?.sentences.find((s) => s.kind === "anomaly");
    expect(sentence?.text).toMatch(/^No unusual day in the last 4 weeks; the latest in the past year was a dip on Thu, Mar 12, 2026: [\d,]+ against the usual [\d,]+ to [\d,]+\.$/);
    expect(sentence?.href).toBe("/metrics/sessions?range=custom&from=2026-02-13&to=2026-03-25&grain=day");
  });

  it("splits an additive change into parts that sum to it, largest first, for any two periods", async () => {
    const drivers = await getMetricDriversOrThrow(wh, "orders", { grain: "month", from: "2026-02-10", to: "2026-03-31" });
    expect(drivers).toMatchObject({ method: "additive", grain: "month", previousPeriod: "2026-02-01", currentPeriod: "2026-03-01", warnings: [] });
    const before = await stored("orders", "month", "2026-02-01");
    const after = await stored("orders", "month", "2026-03-01");
    expect(drivers!.total).toMatchObject({ previous: before, current: after, change: after! - before! });
    expect(drivers!.dimensions.map((d) => d.dimension)).toEqual(["country", "platform"]);
    for (const part of drivers!.dimensions) {
      if (part.kind !== "additive") throw new Error("expected an additive split");
      const deltas = part.decomposition.contributions.map((c) => c.delta);
      expect(deltas.reduce((a, b) => a + b, 0)).toBeCloseTo(after! - before!, 9);
      expect(deltas.map(Math.abs)).toEqual([...deltas.map(Math.abs)].sort((a, b) => b - a));
      const kr = part.decomposition.contributions.find((c) => c.value === "KR");
      if (kr) expect(kr.current).toBe(await stored("orders", "month", "2026-03-01", "country", "KR"));
    }
    expect(drivers!.sentence).toMatch(/^Orders [+-][\d.]+% month over month: \S+ [+-][\d.]+% explains [\d.]+%\.$/);
  });

  it("splits a ratio's change into mix and rate effects that sum to it", async () => {
    const drivers = await getMetricDriversOrThrow(wh, "conversion_rate", {});
    expect(drivers).toMatchObject({ method: "ratio", grain: "week", currentPeriod: "2026-09-21", previousPeriod: addPeriods("2026-09-21", "week", -1), ratio: { numerator: "orders", denominator: "sessions" } });
    const change = drivers!.total.change!;
    for (const part of drivers!.dimensions) {
      if (part.kind !== "ratio") throw new Error("expected a ratio split");
      const d = part.decomposition;
      expect(d.rateEffect + d.mixEffect).toBeCloseTo(change, 9);
      for (const c of d.contributions) expect(c.rateEffect + c.mixEffect).toBeCloseTo(c.effect, 12);
    }
  });

  it("has no data for a headline metric never computed, and sorts it last", async () => {
    const mau = await getMetricStatusOrThrow(wh, adminViewer, "mau");
    expect(mau.status.status).toBe("no_data");
    const brief = await getExecutiveBrief(wh, adminViewer);
    expect(brief.metrics.at(-1)?.status).toBe("no_data");
  });
});
