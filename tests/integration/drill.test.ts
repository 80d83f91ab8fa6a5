// Drill-through and runs on a small seeded demo shop, on both warehouses: the
// rows behind a point add up to the point and to its run's input count.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoShop } from "@/lib/demo/seed";
import { pointRowsQuerySchema } from "@/lib/drill/drill-schema";
import { getPointRowsOrThrow, streamPointRowsOrThrow } from "@/lib/drill/get-point-rows";
import { computeMetrics } from "@/lib/pipeline/compute";
import { getRunOrThrow, listRuns } from "@/lib/runs/queries";
import { listRunsQuerySchema } from "@/lib/runs/run-schema";
import { WAREHOUSES, type TestWarehouse } from "../support/warehouses";
import { adminViewer } from "../support/viewers";

const METRICS_DIR = path.resolve("metrics");
const query = (q: Record<string, string>) => pointRowsQuerySchema.parse(q);

describe.each(WAREHOUSES)("drill-through and runs on $name", (factory) => {
  let wh: TestWarehouse;

  beforeAll(async () => {
    wh = await factory.open();
    await seedDemoShop(wh.sql, { scale: 60_000 });
    const results = await computeMetrics(wh, { metricsDir: METRICS_DIR, only: ["orders", "signups", "dau", "total_signups", "revenue", "conversion_rate", "sessions"] });
    expect(results.filter((r) => r.status !== "succeeded")).toEqual([]);
  }, 60_000);
  afterAll(() => wh?.dispose());

  const points = (metric: string, grain: string, dimension = "", value = "") =>
    wh.sql.query<{ period: string; value: number; run_id: string }>(
      `SELECT period::text AS period, value, run_id FROM metric_value WHERE metric_key = $1 AND grain = $2 AND dimension = $3 AND dimension_value = $4 ORDER BY period`,
      [metric, grain, dimension, value],
    );

  it.each(["orders"])("%s: day totals add up to the run's input rows, each equal to its point", async (metric) => {
    const day = await points(metric, "day");
    expect(day.length).toBeGreaterThan(300);
    let sum = 0;
    for (const p of day) {
      const r = await getPointRowsOrThrow(wh, adminViewer, metric, query({ grain: "day", period: p.period, pageSize: "1" }));
      expect(r.total, `${metric} ${p.period}`).toBe(p.value);
      sum += r.total;
    }
    const run = await getRunOrThrow(wh, adminViewer, day[0]!.run_id);
    expect(Object.values(run.inputRowCounts)).toEqual([sum]);
    expect(run.inputRows).toBe(sum);
  }, 30_000);

  it("a sliced month point's rows count equals its value and carry its slice", async () => {
    const [p] = (await points("orders", "month", "country", "DE")).slice(3, 4);
    const r = await getPointRowsOrThrow(wh, adminViewer, "orders", query({ grain: "month", period: p!.period, dimension: "country", value: "DE", pageSize: "1000" }));
    expect(r.total).toBe(p!.value);
    expect(r.point.runId).toBe(p!.run_id);
    const country = r.columns.indexOf("country");
    const status = r.columns.indexOf("status");
    expect(new Set(r.rows.map((row) => row[country]))).toEqual(new Set(["DE"]));
    expect(new Set(r.rows.map((row) => row[status]))).toEqual(new Set(["paid"]));
  });

  it("a rolling point's rows hold exactly its distinct users", async () => {
    const [p] = (await points("dau", "day")).slice(100, 101);
    const r = await getPointRowsOrThrow(wh, adminViewer, "dau", query({ grain: "day", period: p!.period, pageSize: "1000" }));
    expect(r.total).toBeLessThanOrEqual(1000);
    const user = r.columns.indexOf("user_id");
    expect(new Set(r.rows.map((row) => row[user])).size).toBe(p!.value);
  });

  it("pages, sorts and streams every row as CSV batches", async () => {
    const [p] = (await points("orders", "month")).slice(5, 6);
    const base = { grain: "month", period: p!.period };
    const all = await getPointRowsOrThrow(wh, adminViewer, "orders", query({ ...base, pageSize: "1000", sort: "amount", order: "desc" }));
    const amount = all.columns.indexOf("amount");
    const amounts = all.rows.map((row) => Number(row[amount]));
    expect(amounts).toEqual([...amounts].sort((a, b) => b - a));
    const page2 = await getPointRowsOrThrow(wh, adminViewer, "orders", query({ ...base, pageSize: "10", page: "2", sort: "amount", order: "desc" }));
    expect(page2.rows).toEqual(all.rows.slice(10, 20));
    const { columns, batches } = await streamPointRowsOrThrow(wh, adminViewer, "orders", query(base));
    expect(columns).toEqual(all.columns);
    let streamed = 0;
    for await (const batch of batches) streamed += batch.length;
    expect(streamed).toBe(all.total);
    await expect(getPointRowsOrThrow(wh, adminViewer, "orders", query({ ...base, sort: "nope" }))).rejects.toMatchObject({ status: 400, parameter: "sort" });
    await expect(getPointRowsOrThrow(wh, adminViewer, "conversion_rate", query(base))).rejects.toMatchObject({ status: 400 });
    await expect(getPointRowsOrThrow(wh, adminViewer, "orders", query({ grain: "day", period: "1999-01-01" }))).rejects.toMatchObject({ status: 404 });
  });

  it("lists runs by metric and status, and reads one", async () => {
    const all = await listRuns(wh, adminViewer, listRunsQuerySchema.parse({}));
    expect(all.total).toBe(7);
    const orders = await listRuns(wh, adminViewer, listRunsQuerySchema.parse({ metric: "orders", status: "succeeded" }));
    expect(orders.runs.map((r) => r.metricKey)).toEqual(["orders"]);
    const run = await getRunOrThrow(wh, adminViewer, orders.runs[0]!.id);
    expect(run).toMatchObject({ status: "succeeded", metricKey: "orders", error: null });
    expect(run.sql).toMatch(/INSERT INTO metric_value/);
    expect(run.storedPoints).toBe(run.outputRows);
    expect(run.durationMs).toBeGreaterThanOrEqual(0);
    const paged = await listRuns(wh, adminViewer, listRunsQuerySchema.parse({ pageSize: "2", page: "2" }));
    expect(paged.runs.length).toBe(2);
    await expect(getRunOrThrow(wh, adminViewer, "nope")).rejects.toMatchObject({ status: 404 });
  });
});
