// Series reads answered from memory: reused while nothing they depend on
// changed, re-read as soon as metric values or definitions change (whoever
// changes them: the triggers bump data_version in the same transaction), and
// never shared between viewers who may see different metrics.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Warehouse } from "@/lib/db";
import { readDataVersion, readDataVersions } from "@/lib/db/cached-read";
import { seedDemoShop } from "@/lib/demo/seed";
import { getMetricSeries } from "@/lib/metrics/queries/get-metric-series";
import { readCurrentDefinitions } from "@/lib/metrics/queries/metric-records";
import { computeMetrics } from "@/lib/pipeline/compute";
import { adminViewer, testViewer } from "../support/viewers";
import { WAREHOUSES, type TestWarehouse } from "../support/warehouses";

describe.each(WAREHOUSES)("cached series reads on $name", (factory) => {
  let wh: TestWarehouse;
  const daily = { grain: "day" as const, filters: {} };

  beforeAll(async () => {
    wh = await factory.open();
    await seedDemoShop(wh.sql, { scale: 20_000 });
    const results = await computeMetrics(wh, { metricsDir: path.resolve("metrics"), only: ["orders", "largest_order"] });
    expect(results.filter((r) => r.status !== "succeeded")).toEqual([]);
  }, 120_000);
  afterAll(async () => {
    await wh?.dispose();
  });

  it("answers a repeated read from memory, and reading changes no version", async () => {
    const version = await readDataVersion(wh);
    const first = await getMetricSeries(wh, adminViewer, "orders", daily);
    const again = await getMetricSeries(wh, adminViewer, "orders", { ...daily });
    expect(again).toBe(first);
    expect(await readDataVersion(wh)).toBe(version);
    // Another question is another entry.
    expect(await getMetricSeries(wh, adminViewer, "orders", { grain: "week", filters: {} })).not.toBe(first);
  });

  it("re-reads after a metric value changes outside this process's code (a plain UPDATE)", async () => {
    const before = await getMetricSeries(wh, adminViewer, "orders", daily);
    const point = before.points.at(-1)!;
    const version = await readDataVersion(wh);
    await wh.sql.query(`UPDATE metric_value SET value = value + 1000 WHERE metric_key = 'orders' AND grain = 'day' AND dimension = '' AND period = $1::date`, [point.period]);
    expect(await readDataVersion(wh)).not.toBe(version);
    const after = await getMetricSeries(wh, adminViewer, "orders", daily);
    expect(after).not.toBe(before);
    expect(after.points.at(-1)).toEqual({ ...point, value: point.value! + 1000 });
  });

  it("re-reads after a compute and after a definition change", async () => {
    const before = await getMetricSeries(wh, adminViewer, "orders", daily);
    await computeMetrics(wh, { metricsDir: path.resolve("metrics"), only: ["orders"], full: true });
    const recomputed = await getMetricSeries(wh, adminViewer, "orders", daily);
    expect(recomputed).not.toBe(before);
    // The compute put back the value the UPDATE above had changed.
    expect(recomputed.points.at(-1)!.value).toBe(before.points.at(-1)!.value! - 1000);
    await wh.sql.query(`UPDATE metric_definition SET updated_at = now() WHERE key = 'orders'`);
    expect(await getMetricSeries(wh, adminViewer, "orders", daily)).not.toBe(recomputed);
  });

  it("keeps definitions read across a compute and re-reads them after a definition change", async () => {
    const before = await readDataVersions(wh);
    const definitions = await readCurrentDefinitions(wh);
    await computeMetrics(wh, { metricsDir: path.resolve("metrics"), only: ["orders"], full: true });
    const afterCompute = await readDataVersions(wh);
    expect(afterCompute.data).not.toBe(before.data);
    expect(afterCompute.definitions).toBe(before.definitions);
    const again = await readCurrentDefinitions(wh);
    expect(again).not.toBe(definitions); // each caller's own map ...
    expect(again.get("orders")).toBe(definitions.get("orders")); // ... of the definitions kept
    await wh.sql.query(`UPDATE metric_definition_version SET source = source WHERE id = $1`, [definitions.get("orders")!.version.id]);
    expect((await readDataVersions(wh)).definitions).not.toBe(before.definitions);
    expect((await readCurrentDefinitions(wh)).get("orders")).not.toBe(definitions.get("orders"));
  });

  it("reads the versions once per answer, the definitions read inside it included", async () => {
    const statements: string[] = [];
    const query: Warehouse["sql"]["query"] = (sql, params) => {
      statements.push(sql);
      return wh.sql.query(sql, params);
    };
    // Its own caches: another warehouse object shares none of wh's entries.
    const counted: Warehouse = { ...wh, sql: { ...wh.sql, query } };
    const series = await getMetricSeries(counted, adminViewer, "orders", { grain: "week", from: "2020-01-01", to: "2030-12-31", filters: {} });
    expect(series.points.length).toBeGreaterThan(0);
    expect(statements.filter((s) => s.includes("FROM data_version"))).toHaveLength(1);
    expect(statements.filter((s) => s.includes("FROM metric_definition m"))).toHaveLength(1);
    expect(statements).toHaveLength(3);
  });

  it("never hands a restricted metric's cached answer to a viewer outside its group", async () => {
    const finance = await getMetricSeries(wh, testViewer("analyst", ["finance"]), "largest_order", daily);
    expect(finance.points.length).toBeGreaterThan(0);
    expect(await getMetricSeries(wh, adminViewer, "largest_order", daily)).toEqual(finance);
    await expect(getMetricSeries(wh, testViewer("analyst"), "largest_order", daily)).rejects.toMatchObject({ status: 404 });
    await expect(getMetricSeries(wh, testViewer("analyst", ["ops"]), "largest_order", daily)).rejects.toMatchObject({ status: 404 });
    // The same groups in another order are the same scope.
    const twoGroups = await getMetricSeries(wh, testViewer("analyst", ["finance", "ops"]), "largest_order", daily);
    expect(await getMetricSeries(wh, testViewer("analyst", ["ops", "finance"]), "largest_order", daily)).toBe(twoGroups);
  });
});
