// getMetricView, listMetricDimensionValues and the CSV export route over a
// small hand-made fixture, on both warehouses. Only getWarehouse is replaced,
// so the route runs against the test warehouse.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as getExportRoute } from "@/app/api/metrics/[key]/export/route";
import { GET as getSeriesRoute } from "@/app/api/metrics/[key]/series/route";
import type { Warehouse } from "@/lib/db";
import { NotFoundError } from "@/lib/http/errors";
import { metricDefinitionSchema } from "@/lib/metrics/definition-schema";
import { getMetricView } from "@/lib/metrics/queries/get-metric-view";
import { listMetricDimensionValues } from "@/lib/metrics/queries/list-metric-dimension-values";
import { metricViewDataSchema } from "@/lib/metrics/view-data-schema";
import { metricViewExportHref } from "@/lib/metrics/view-params";
import { type MetricView, metricViewSchema } from "@/lib/metrics/view-schema";
import { signedRequest } from "../support/auth";
import { WAREHOUSES, type TestWarehouse } from "../support/warehouses";
import { adminViewer } from "../support/viewers";

const state = vi.hoisted(() => ({ wh: undefined as Warehouse | undefined }));

vi.mock("@/lib/db", () => ({
  getWarehouse: async () => {
    if (!state.wh) throw new Error("no test warehouse");
    return state.wh;
  },
}));

const common = { description: "A test metric.", owner: "team@example.com", table: "orders", time_column: "ordered_at", dimensions: ["country"] } as const;

const DEFINITIONS = {
  orders: { ...common, key: "orders", name: "Orders", unit: "count", kind: "aggregate", aggregate: { fn: "count" }, grains: ["day", "week", "month"] },
  aov: { ...common, key: "aov", name: "Average order value", unit: "currency", currency: "USD", kind: "aggregate", aggregate: { fn: "avg", column: "amount" }, grains: ["day"] },
  broken: { ...common, key: "broken", name: "Broken", unit: "count", kind: "aggregate", aggregate: { fn: "count" }, grains: ["day"] },
} as const;

const RUNS: [id: string, key: keyof typeof DEFINITIONS, status: string, startedAt: string, error: string | null][] = [
  ["run-o1", "orders", "succeeded", "2026-01-20T01:00:00Z", null],
  ["run-o2", "orders", "succeeded", "2026-01-21T01:00:00Z", null],
  ["run-a1", "aov", "succeeded", "2026-01-21T01:00:00Z", null],
  ["run-b1", "broken", "failed", "2026-01-21T01:00:00Z", 'relation "orders" does not exist'],
];

// Orders per day from 2026-01-01 to 2026-01-14 (Thursday to Wednesday): total,
// and by country US, DE, FR, (null); the last day written by a later run.
const DAYS = Array.from({ length: 14 }, (_, i) => `2026-01-${String(i + 1).padStart(2, "0")}`);
const COUNTRIES: [string, (i: number) => number][] = [
  ["US", (i) => 10 + i],
  ["DE", (i) => 5 + (i % 3)],
  ["FR", (i) => 2 + (i % 2)],
  ["(null)", () => 1],
];

type Value = [key: string, grain: string, period: string, dimension: string, dimensionValue: string, value: number | null, runId: string];

function fixtureValues(): Value[] {
  const values: Value[] = [];
  DAYS.forEach((day, i) => {
    const run = i === DAYS.length - 1 ? "run-o2" : "run-o1";
    let sum = 0;
    for (const [country, count] of COUNTRIES) {
      values.push(["orders", "day", day, "country", country, count(i), run]);
      sum += count(i);
      values.push(["aov", "day", day, "country", country, 40 + COUNTRIES.findIndex(([c]) => c === country) * 10, "run-a1"]);
    }
    values.push(["orders", "day", day, "", "", sum, run]);
    values.push(["aov", "day", day, "", "", 50, "run-a1"]);
  });
  // Weeks starting Monday 2025-12-29 (partly before the data), 2026-01-05 and 2026-01-12.
  values.push(["orders", "week", "2025-12-29", "", "", 80, "run-o1"], ["orders", "week", "2026-01-05", "", "", 170, "run-o1"], ["orders", "week", "2026-01-12", "", "", 90, "run-o2"]);
  values.push(["orders", "month", "2026-01-01", "", "", 340, "run-o2"]);
  for (const [country, count] of COUNTRIES) {
    values.push(["orders", "month", "2026-01-01", "country", country, DAYS.reduce((sum, _, i) => sum + count(i), 0), "run-o2"]);
  }
  return values;
}

async function insertFixture(wh: Warehouse): Promise<void> {
  for (const [key, raw] of Object.entries(DEFINITIONS)) {
    const definition = metricDefinitionSchema.parse(raw);
    await wh.sql.query(`INSERT INTO metric_definition (key, current_version_id, file_path) VALUES ($1, $2, $3)`, [key, `${key}@v1`, `metrics/${key}.yaml`]);
    await wh.sql.query(
      `INSERT INTO metric_definition_version (id, metric_key, content_hash, source, definition, file_path, loaded_at)
       VALUES ($1, $2, 'h1', $3, $4::jsonb, $5, '2026-01-20T00:00:00Z')`,
      [`${key}@v1`, key, `key: ${key}\n`, JSON.stringify(definition), `metrics/${key}.yaml`],
    );
  }
  for (const [id, key, status, startedAt, error] of RUNS) {
    await wh.sql.query(
      `INSERT INTO metric_run (id, metric_key, definition_version_id, status, started_at, finished_at, code_version, sql, input_row_counts, output_rows, error)
       VALUES ($1, $2, $3, $4, $5::timestamptz, $5::timestamptz + interval '5 seconds', 'test', 'SELECT 1', '{}'::jsonb, 0, $6)`,
      [id, key, `${key}@v1`, status, startedAt, error],
    );
  }
  for (const v of fixtureValues()) {
    await wh.sql.query(
      `INSERT INTO metric_value (metric_key, grain, period, dimension, dimension_value, value, run_id) VALUES ($1, $2, $3::date, $4, $5, $6, $7)`,
      v,
    );
  }
}

const view = (v: Partial<MetricView> = {}): MetricView => ({ ...metricViewSchema.parse({}), ...v });
const TODAY = { today: "2026-02-01" };
// Signed in as an admin: these tests are about the answers, not the roles.
const request = (path: string) => signedRequest(path, "admin");
const keyParams = (key: string) => ({ params: Promise.resolve({ key }) });

describe.each(WAREHOUSES)("metric views on $name", (factory) => {
  let wh: TestWarehouse;

  beforeAll(async () => {
    wh = await factory.open();
    await insertFixture(wh);
    state.wh = wh;
  });
  afterAll(async () => {
    state.wh = undefined;
    await wh?.dispose();
  });

  describe("getMetricView", () => {
    it("resolves a preset against the latest data and names the run of every point", async () => {
      const data = await getMetricView(wh, adminViewer, "orders", view({ range: "7d" }), TODAY);
      expect(metricViewDataSchema.parse(data)).toEqual(data);
      expect(data.range).toEqual({ preset: "7d", label: "Last 7 days", from: "2026-01-08", to: "2026-01-14" });
      expect(data).toMatchObject({ grain: "day", dataFrom: "2026-01-01", dataThrough: "2026-01-14", note: null, warnings: [] });
      expect(data.metric).toMatchObject({ key: "orders", unit: "count", direction: "neutral", additive: true });
      expect(data.rows.map((r) => r.period)).toEqual(DAYS.slice(7));
      expect(data.rows.at(-1)).toMatchObject({ values: { s0: 10 + 13 + 5 + 1 + 3 + 1 }, runIds: { s0: "run-o2" } });
      expect(data.rows[0]?.runIds).toEqual({ s0: "run-o1" });
      expect(data.lastRun).toMatchObject({ id: "run-o2", status: "succeeded" });
    });

    it("snaps the range to whole buckets and marks the unfinished one", async () => {
      const data = await getMetricView(wh, adminViewer, "orders", view({ range: "all", grain: "week" }), TODAY);
      expect(data.range.from).toBe("2025-12-29");
      expect(data.rows.map((r) => [r.period, r.values.s0, r.partial])).toEqual([
        ["2025-12-29", 80, false],
        ["2026-01-05", 170, false],
        ["2026-01-12", 90, true],
      ]);
    });

    it("breaks an additive metric down into its top values plus Other, which adds up to the total", async () => {
      const data = await getMetricView(wh, adminViewer, "orders", view({ range: "all", by: "country", top: 2 }), TODAY);
      expect(data.categories.map((c) => [c.key, c.label, c.kind])).toEqual([
        ["s0", "US", "value"],
        ["s1", "DE", "value"],
        ["other", "Other", "other"],
      ]);
      expect(data.breakdown).toMatchObject({ dimension: "country", top: 2, valueCount: 4 });
      const first = data.rows[0];
      expect(first?.values).toEqual({ s0: 10, s1: 5, other: 3 });
      expect(first?.runIds).toEqual({ s0: "run-o1", s1: "run-o1" });
    });

    it("omits Other for values that do not add up and says why", async () => {
      const data = await getMetricView(wh, adminViewer, "aov", view({ range: "all", by: "country", top: 2 }), TODAY);
      expect(data.categories.map((c) => c.label)).toEqual(["(null)", "FR"]);
      expect(data.breakdown?.note).toMatch(/^Other not shown: values of Average order value do not add up/);
    });

    it("reads one value of a dimension", async () => {
      const data = await getMetricView(wh, adminViewer, "orders", view({ range: "7d", filters: { country: "FR" } }), TODAY);
      expect(data.filter).toEqual({ dimension: "country", value: "FR" });
      expect(data.rows.map((r) => r.values.s0)).toEqual([3, 2, 3, 2, 3, 2, 3]);
    });

    it("aligns the previous period and names its range", async () => {
      const data = await getMetricView(wh, adminViewer, "orders", view({ range: "7d", compare: "previous" }), TODAY);
      expect(data.comparison).toEqual({ kind: "previous", label: "previous period", from: "2026-01-01", to: "2026-01-07" });
      expect(data.rows.map((r) => [r.period, r.comparison?.period, r.comparison?.values.s0])).toEqual(
        DAYS.slice(7).map((day, i) => [day, DAYS[i], [10 + i, 5 + (i % 3), 2 + (i % 2), 1].reduce((a, b) => a + b)]),
      );
    });

    it("leaves the comparison empty where a year earlier has no data", async () => {
      const data = await getMetricView(wh, adminViewer, "orders", view({ range: "7d", compare: "year" }), TODAY);
      expect(data.comparison).toMatchObject({ kind: "year", from: "2025-01-08", to: "2025-01-14" });
      expect(data.rows.every((r) => r.comparison?.values.s0 === null)).toBe(true);
    });

    it("moves to a coarser grain over the point budget and says so", async () => {
      const data = await getMetricView(wh, adminViewer, "orders", view({ range: "all", grain: "day" }), { ...TODAY, maxPoints: 5 });
      expect(data.grain).toBe("week");
      expect(data.note).toBe("Showing weeks instead of days: 14 days would be more than the 5 points a chart draws.");
    });

    it("downsamples when no coarser grain fits", async () => {
      const data = await getMetricView(wh, adminViewer, "aov", view({ range: "all" }), { ...TODAY, maxPoints: 5 });
      expect(data.grain).toBe("day");
      expect(data.downsampled).toEqual({ drawn: 5, total: 14 });
      expect(data.rows).toHaveLength(5);
      expect(data.note).toMatch(/^Downsampled: 5 of 14 days are drawn/);
    });

    it("shows an empty range and a failed last run plainly", async () => {
      const empty = await getMetricView(wh, adminViewer, "orders", view({ range: "custom", from: "2025-06-01", to: "2025-06-30" }), TODAY);
      expect(empty.rows).toEqual([]);
      const broken = await getMetricView(wh, adminViewer, "broken", view(), TODAY);
      expect(broken).toMatchObject({ rows: [], dataThrough: null, lastRun: { id: "run-b1", status: "failed", error: 'relation "orders" does not exist' } });
      expect(broken.range).toMatchObject({ from: "2026-02-01", to: "2026-02-01" });
    });

    it("ignores what the metric cannot show, with warnings", async () => {
      const data = await getMetricView(wh, adminViewer, "aov", view({ grain: "week", by: "city" }), TODAY);
      expect(data.grain).toBe("day");
      expect(data.warnings).toEqual([expect.stringMatching(/“week” is not a grain/), expect.stringMatching(/“city” is not a dimension/)]);
    });

    it("throws NotFoundError for an unknown metric", async () => {
      await expect(getMetricView(wh, adminViewer, "nope", view(), TODAY)).rejects.toBeInstanceOf(NotFoundError);
    });
  });

  describe("listMetricDimensionValues", () => {
    it("lists the stored values of each dimension, sorted", async () => {
      expect(await listMetricDimensionValues(wh, "orders", ["day", "week", "month"], ["country"])).toEqual({ country: ["(null)", "DE", "FR", "US"] });
    });
    it("answers empty lists without data or dimensions", async () => {
      expect(await listMetricDimensionValues(wh, "broken", ["day"], ["country"])).toEqual({ country: [] });
      expect(await listMetricDimensionValues(wh, "orders", ["day"], [])).toEqual({});
    });
  });

  describe("GET /api/metrics/{key}/export", () => {
    it("answers the chart's rows as CSV, matching the series API", async () => {
      const v = view({ range: "7d", grain: "day" });
      const res = await getExportRoute(await request(metricViewExportHref("orders", v)), keyParams("orders"));
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
      expect(res.headers.get("content-disposition")).toBe('attachment; filename="orders_2026-01-08_2026-01-14_day.csv"');
      const lines = (await res.text()).trim().split("\n");
      expect(lines[0]).toBe("period,value,run_id");
      const series = await (await getSeriesRoute(await request("/api/metrics/orders/series?from=2026-01-08&to=2026-01-14&grain=day"), keyParams("orders"))).json();
      expect(lines.slice(1)).toEqual(series.points.map((pt: { period: string; value: number; runId: string }) => `${pt.period},${pt.value},${pt.runId}`));
    });

    it("writes a breakdown with comparison one record per period and series", async () => {
      const res = await getExportRoute(await request("/api/metrics/orders/export?range=7d&by=country&top=1&compare=previous"), keyParams("orders"));
      const lines = (await res.text()).trim().split("\n");
      expect(lines.slice(0, 3)).toEqual([
        "period,country,value,run_id,comparison_period,comparison_value,comparison_run_id",
        "2026-01-08,US,17,run-o1,2026-01-01,10,run-o1",
        "2026-01-08,(other),10,,2026-01-01,8,",
      ]);
      expect(lines).toHaveLength(1 + 7 * 2);
    });

    it.each([
      ["/api/metrics/orders/export?grain=hour", 400, /grain=hour/],
      ["/api/metrics/orders/export?by=city", 400, /“city” is not a dimension/],
      ["/api/metrics/nope/export", 404, /no metric/],
      ["/api/metrics/Bad-Key/export", 400, /key/],
    ])("%s answers %i", async (path, status, message) => {
      const key = path.split("/")[3] ?? "";
      const res = await getExportRoute(await request(path), keyParams(key));
      expect(res.status).toBe(status);
      expect((await res.json()).error.message).toMatch(message);
    });
  });
});
