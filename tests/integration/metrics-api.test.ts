// The metric query functions and the /api/metrics route handlers over a small
// hand-made fixture, on both warehouses. Only getWarehouse is replaced, so the
// routes run against the test warehouse.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as getCatalogRoute } from "@/app/api/metrics/route";
import { GET as getMetricRoute } from "@/app/api/metrics/[key]/route";
import { GET as getSeriesRoute } from "@/app/api/metrics/[key]/series/route";
import { GET as getOpenApiRoute } from "@/app/api/openapi.json/route";
import type { Warehouse } from "@/lib/db";
import { BadRequestError, NotFoundError } from "@/lib/http/errors";
import type { SeriesQuery, SeriesResponse } from "@/lib/metrics/api-schema";
import { metricDefinitionSchema } from "@/lib/metrics/definition-schema";
import { getMetricOrThrow } from "@/lib/metrics/queries/get-metric-or-throw";
import { getMetricSeries } from "@/lib/metrics/queries/get-metric-series";
import { listMetricCatalog } from "@/lib/metrics/queries/list-metric-catalog";
import { signedRequest } from "../support/auth";
import { WAREHOUSES, type TestWarehouse } from "../support/warehouses";
import { adminViewer } from "../support/viewers";

const state = vi.hoisted(() => ({ wh: undefined as Warehouse | undefined, fail: false }));

vi.mock("@/lib/db", () => ({
  getWarehouse: async () => {
    if (state.fail) throw new Error("connection refused by 10.0.0.7 (secret detail)");
    if (!state.wh) throw new Error("no test warehouse");
    return state.wh;
  },
}));

const common = { description: "A test metric.", unit: "count", owner: "team@example.com" } as const;

const DEFINITIONS = {
  revenue: {
    ...common,
    key: "revenue",
    name: "Revenue",
    unit: "currency",
    currency: "EUR",
    headline: true,
    kind: "aggregate",
    table: "orders",
    time_column: "ordered_at",
    aggregate: { fn: "sum", column: "amount" },
    filters: [{ column: "status", op: "eq", value: "paid" }],
    dimensions: ["country", "platform"],
    grains: ["day", "week", "month"],
  },
  active_users: {
    ...common,
    key: "active_users",
    name: "Active users",
    headline: true,
    kind: "rolling_distinct",
    table: "sessions",
    time_column: "started_at",
    column: "user_id",
    window_days: 7,
    grains: ["day"],
  },
  signups: { ...common, key: "signups", name: "Signups", kind: "aggregate", table: "users", time_column: "created_at", aggregate: { fn: "count" } },
  // Stored as the pipeline stores it: with the grains and dimensions its inputs share.
  arpu: { ...common, key: "arpu", name: "Average revenue per user", kind: "derived", expression: "revenue / signups", grains: ["day", "week", "month"], dimensions: [] },
} as const;

// revenue has an older version; the current one is v2.
const VERSIONS: [id: string, key: keyof typeof DEFINITIONS, hash: string][] = [
  ["revenue@v1", "revenue", "h1"],
  ["revenue@v2", "revenue", "h2"],
  ["active_users@v1", "active_users", "h1"],
  ["signups@v1", "signups", "h1"],
  ["arpu@v1", "arpu", "h1"],
];

const RUNS: [id: string, key: string, status: string, startedAt: string, sql: string, error: string | null][] = [
  ["run-1", "revenue", "succeeded", "2025-01-06T01:00:00Z", "SELECT 1 -- older", null],
  ["run-2", "revenue", "succeeded", "2025-01-06T02:00:00Z", "SELECT 2 -- latest success", null],
  ["run-3", "revenue", "failed", "2025-01-06T03:00:00Z", "SELECT 3", "relation \"orders\" does not exist"],
  ["run-a", "active_users", "succeeded", "2025-01-06T02:00:00Z", "SELECT 'a'", null],
];

// [key, grain, period, dimension, dimension value, value], deliberately not in order.
const VALUES: [string, string, string, string, string, number | null][] = [
  ["revenue", "day", "2025-01-03", "", "", 30],
  ["revenue", "day", "2025-01-01", "", "", 10],
  ["revenue", "day", "2025-01-05", "", "", null],
  ["revenue", "day", "2025-01-02", "", "", 20],
  ["revenue", "day", "2025-01-04", "", "", 40],
  ["revenue", "day", "2025-01-01", "country", "US", 7],
  ["revenue", "day", "2025-01-01", "country", "DE", 3],
  ["revenue", "day", "2025-01-02", "country", "US", 15],
  ["revenue", "day", "2025-01-02", "country", "DE", 5],
  ["revenue", "day", "2025-01-09", "country", "US", 1], // beyond the total series: not freshness
  ["revenue", "day", "2025-01-01", "platform", "ios", 10],
  ["revenue", "week", "2024-12-30", "", "", 100],
  ["revenue", "month", "2025-01-01", "", "", 100],
  ["active_users", "day", "2025-01-02", "", "", 4],
  ["active_users", "day", "2025-01-03", "", "", 5],
];

async function insertFixture(wh: Warehouse): Promise<void> {
  for (const [id, key, hash] of VERSIONS) {
    const definition = metricDefinitionSchema.parse(DEFINITIONS[key]);
    await wh.sql.query(
      `INSERT INTO metric_definition (key, current_version_id, file_path) VALUES ($1, $2, $3)
       ON CONFLICT (key) DO UPDATE SET current_version_id = EXCLUDED.current_version_id`,
      [key, id, `metrics/${key}.yaml`],
    );
    await wh.sql.query(
      `INSERT INTO metric_definition_version (id, metric_key, content_hash, source, definition, file_path, loaded_at)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6, '2025-01-05T12:00:00Z')`,
      [id, key, hash, `key: ${key}\n# ${id}\n`, JSON.stringify(definition), `metrics/${key}.yaml`],
    );
  }
  for (const [id, key, status, startedAt, sql, error] of RUNS) {
    await wh.sql.query(
      `INSERT INTO metric_run (id, metric_key, definition_version_id, status, started_at, finished_at, code_version, sql, input_row_counts, output_rows, error)
       VALUES ($1, $2, $3, $4, $5::timestamptz, $5::timestamptz + interval '5 seconds', 'test', $6, '{}'::jsonb, 0, $7)`,
      [id, key, `${key}@v${key === "revenue" ? 2 : 1}`, status, startedAt, sql, error],
    );
  }
  for (const [key, grain, period, dimension, dimensionValue, value] of VALUES) {
    await wh.sql.query(
      `INSERT INTO metric_value (metric_key, grain, period, dimension, dimension_value, value, run_id) VALUES ($1, $2, $3::date, $4, $5, $6, $7)`,
      [key, grain, period, dimension, dimensionValue, value, key === "revenue" ? "run-2" : "run-a"],
    );
  }
}

const query = (q: Partial<SeriesQuery>): SeriesQuery => ({ grain: "day", filters: {}, maxPoints: 1000, ...q });

// Signed in as an admin: these tests are about the answers, not the roles.
const request = (path: string) => signedRequest(path, "admin");
const keyParams = (key: string) => ({ params: Promise.resolve({ key }) });

describe.each(WAREHOUSES)("metrics API on $name", (factory) => {
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

  describe("listMetricCatalog", () => {
    it("puts headline metrics first, then sorts by name", async () => {
      expect((await listMetricCatalog(wh, adminViewer)).map((m) => m.key)).toEqual(["active_users", "revenue", "arpu", "signups"]);
    });

    it("describes each metric with its current version, freshness and latest run", async () => {
      const byKey = new Map((await listMetricCatalog(wh, adminViewer)).map((m) => [m.key, m]));
      expect(byKey.get("revenue")).toEqual({
        key: "revenue",
        name: "Revenue",
        description: "A test metric.",
        kind: "aggregate",
        unit: "currency",
        currency: "EUR",
        owner: "team@example.com",
        tags: [],
        synonyms: [],
        direction: "neutral",
        headline: true,
        grains: ["day", "week", "month"],
        dimensions: ["country", "platform"],
        version: "revenue@v2",
        dataThrough: "2025-01-05",
        lastRun: {
          id: "run-3",
          status: "failed",
          startedAt: "2025-01-06T03:00:00.000Z",
          finishedAt: "2025-01-06T03:00:05.000Z",
          error: 'relation "orders" does not exist',
        },
      });
      expect(byKey.get("active_users")).toMatchObject({ dataThrough: "2025-01-03", lastRun: { id: "run-a", status: "succeeded" } });
      expect(byKey.get("signups")).toMatchObject({ dataThrough: null, lastRun: null, dimensions: [], grains: ["day", "week", "month", "quarter"] });
      expect(byKey.get("arpu")).toMatchObject({ grains: ["day", "week", "month"], dimensions: [] });
    });
  });

  describe("getMetricOrThrow", () => {
    it("adds the definition, formula and the SQL of the latest successful run", async () => {
      const metric = await getMetricOrThrow(wh, adminViewer, "revenue");
      expect(metric).toMatchObject({
        key: "revenue",
        version: "revenue@v2",
        source: "key: revenue\n# revenue@v2\n",
        filePath: "metrics/revenue.yaml",
        loadedAt: "2025-01-05T12:00:00.000Z",
        formula: "Sum of orders.amount where status is 'paid', per day/week/month",
        sql: "SELECT 2 -- latest success",
        lastRun: { id: "run-3", status: "failed" },
      });
      expect(metric.definition).toMatchObject({ key: "revenue", kind: "aggregate", table: "orders" });
    });

    it("has no SQL for a metric never computed", async () => {
      expect(await getMetricOrThrow(wh, adminViewer, "signups")).toMatchObject({ sql: null, lastRun: null, formula: "Count of users rows, per day/week/month/quarter" });
    });

    it("throws NotFoundError for an unknown key", async () => {
      await expect(getMetricOrThrow(wh, adminViewer, "nope")).rejects.toBeInstanceOf(NotFoundError);
    });
  });

  describe("getMetricSeries", () => {
    it.each<[string, Partial<SeriesQuery>, { period: string; value: number | null; dimension?: string }[]]>([
      [
        "the total series in period order, nulls kept",
        {},
        [
          { period: "2025-01-01", value: 10 },
          { period: "2025-01-02", value: 20 },
          { period: "2025-01-03", value: 30 },
          { period: "2025-01-04", value: 40 },
          { period: "2025-01-05", value: null },
        ],
      ],
      [
        "from and to are inclusive",
        { from: "2025-01-02", to: "2025-01-04" },
        [
          { period: "2025-01-02", value: 20 },
          { period: "2025-01-03", value: 30 },
          { period: "2025-01-04", value: 40 },
        ],
      ],
      ["a one-day range", { from: "2025-01-03", to: "2025-01-03" }, [{ period: "2025-01-03", value: 30 }]],
      ["only from", { from: "2025-01-05" }, [{ period: "2025-01-05", value: null }]],
      ["a range with no data", { from: "2026-01-01" }, []],
      ["another grain", { grain: "week" }, [{ period: "2024-12-30", value: 100 }]],
      [
        "by a dimension, ordered by period then value",
        { by: "country" },
        [
          { period: "2025-01-01", value: 3, dimension: "DE" },
          { period: "2025-01-01", value: 7, dimension: "US" },
          { period: "2025-01-02", value: 5, dimension: "DE" },
          { period: "2025-01-02", value: 15, dimension: "US" },
          { period: "2025-01-09", value: 1, dimension: "US" },
        ],
      ],
      [
        "by a dimension within a range",
        { by: "country", from: "2025-01-02", to: "2025-01-02" },
        [
          { period: "2025-01-02", value: 5, dimension: "DE" },
          { period: "2025-01-02", value: 15, dimension: "US" },
        ],
      ],
      [
        "one slice",
        { filters: { country: "DE" } },
        [
          { period: "2025-01-01", value: 3 },
          { period: "2025-01-02", value: 5 },
        ],
      ],
      [
        "by and a filter on the same dimension",
        { by: "country", filters: { country: "US" }, to: "2025-01-05" },
        [
          { period: "2025-01-01", value: 7, dimension: "US" },
          { period: "2025-01-02", value: 15, dimension: "US" },
        ],
      ],
      ["a slice with no rows", { filters: { country: "FR" } }, []],
    ])("%s", async (_case, q, expected) => {
      const series = await getMetricSeries(wh, adminViewer, "revenue", query(q));
      expect(series.points.map(({ runId: _run, ...p }) => p)).toEqual(expected);
      expect(series).toMatchObject({ metric: "revenue", grain: q.grain ?? "day", from: q.from ?? null, to: q.to ?? null });
      expect(series.points.every((p) => p.runId === "run-2")).toBe(true);
      if (q.by) expect(series.by).toBe(q.by);
      else expect(series).not.toHaveProperty("by");
    });

    it.each<[string, Partial<SeriesQuery>, string]>([
      ["a grain the metric does not have", { grain: "quarter" }, "grain"],
      ["an unknown dimension for by", { by: "city" }, "by"],
      ["a filter on an unknown dimension", { filters: { city: "Paris" } }, "filter.city"],
      ["two filters", { filters: { country: "DE", platform: "ios" } }, "filter.platform"],
      ["by with a filter on another dimension", { by: "platform", filters: { country: "DE" } }, "filter.country"],
    ])("rejects %s, naming %s", async (_case, q, parameter) => {
      const error = await getMetricSeries(wh, adminViewer, "revenue", query(q)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BadRequestError);
      expect((error as BadRequestError).parameter).toBe(parameter);
    });

    it("answers a stored NaN or infinite value as null, with or without a range", async () => {
      const set = (period: string, value: string) =>
        wh.sql.query(`UPDATE metric_value SET value = $2::double precision WHERE metric_key = 'revenue' AND grain = 'day' AND dimension = '' AND period = $1::date`, [period, value]);
      await set("2025-01-03", "NaN");
      await set("2025-01-04", "-Infinity");
      try {
        for (const q of [{}, { from: "2025-01-02", to: "2025-01-04" }]) {
          const series = await getMetricSeries(wh, adminViewer, "revenue", query(q));
          expect(series.points.filter((p) => p.period >= "2025-01-02" && p.period <= "2025-01-04").map((p) => p.value)).toEqual([20, null, null]);
        }
      } finally {
        await set("2025-01-03", "30");
        await set("2025-01-04", "40");
      }
    });

    it("rejects by on a metric without dimensions", async () => {
      await expect(getMetricSeries(wh, adminViewer, "signups", query({ by: "country" }))).rejects.toMatchObject({ parameter: "by", message: 'Metric "signups" has no dimensions.' });
    });

    it("throws NotFoundError for an unknown key", async () => {
      await expect(getMetricSeries(wh, adminViewer, "nope", query({}))).rejects.toBeInstanceOf(NotFoundError);
    });
  });

  describe("route handlers", () => {
    it("GET /api/metrics answers the catalog", async () => {
      const res = await getCatalogRoute(await request("/api/metrics"));
      expect(res.status).toBe(200);
      expect(res.headers.get("cache-control")).toBe("no-store");
      const body = (await res.json()) as { metrics: { key: string }[] };
      expect(body.metrics.map((m) => m.key)).toEqual(["active_users", "revenue", "arpu", "signups"]);
    });

    it("GET /api/metrics/{key} answers one metric", async () => {
      const res = await getMetricRoute(await request("/api/metrics/revenue"), keyParams("revenue"));
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ key: "revenue", sql: "SELECT 2 -- latest success", version: "revenue@v2" });
    });

    it("GET /api/metrics/{key}/series answers the documented shape", async () => {
      const res = await getSeriesRoute(await request("/api/metrics/revenue/series?from=2025-01-01&to=2025-01-01&grain=day&by=country"), keyParams("revenue"));
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({
        metric: "revenue",
        grain: "day",
        by: "country",
        from: "2025-01-01",
        to: "2025-01-01",
        points: [
          { period: "2025-01-01", value: 3, runId: "run-2", dimension: "DE" },
          { period: "2025-01-01", value: 7, runId: "run-2", dimension: "US" },
        ],
        requestedGrain: "day",
        maxPoints: 1000,
        downsampled: null,
        note: null,
      });
    });

    it("GET /api/metrics/{key}/series moves to a coarser grain rather than return more than maxPoints periods, and says so", async () => {
      const res = await getSeriesRoute(await request("/api/metrics/revenue/series?from=2025-01-01&to=2025-01-05&grain=day&maxPoints=2"), keyParams("revenue"));
      expect(res.status).toBe(200);
      const body = (await res.json()) as SeriesResponse;
      // Five days would be more than 2 points; the week holding them is one.
      expect(body).toMatchObject({ grain: "week", requestedGrain: "day", maxPoints: 2, downsampled: null, points: [{ period: "2024-12-30", value: 100 }] });
      expect(body.note).toMatch(/^Showing weeks instead of days: 5 days would be more than the 2 points/);
    });

    it("GET /api/metrics/{key}/series downsamples to maxPoints periods, first and last kept, when no coarser grain fits", async () => {
      // active_users is stored by day only: five days and maxPoints=3 leave LTTB to choose.
      const extra = [["2025-01-04", 9], ["2025-01-05", 4], ["2025-01-06", 6]] as const;
      for (const [period, value] of extra) {
        await wh.sql.query(`INSERT INTO metric_value (metric_key, grain, period, dimension, dimension_value, value, run_id) VALUES ('active_users', 'day', $1::date, '', '', $2, 'run-a')`, [period, value]);
      }
      try {
        const res = await getSeriesRoute(await request("/api/metrics/active_users/series?maxPoints=3"), keyParams("active_users"));
        const body = (await res.json()) as SeriesResponse;
        expect(body).toMatchObject({ grain: "day", requestedGrain: "day", downsampled: { returned: 3, total: 5 } });
        // LTTB keeps the ends and the point of largest triangle between them: the peak of 9.
        expect(body.points.map((p) => [p.period, p.value])).toEqual([["2025-01-02", 4], ["2025-01-04", 9], ["2025-01-06", 6]]);
        expect(body.note).toMatch(/^Downsampled: 3 of 5 days are returned/);
        const fits = (await (await getSeriesRoute(await request("/api/metrics/active_users/series?maxPoints=5"), keyParams("active_users"))).json()) as SeriesResponse;
        expect(fits).toMatchObject({ downsampled: null, note: null });
        expect(fits.points).toHaveLength(5);
      } finally {
        await wh.sql.query(`DELETE FROM metric_value WHERE metric_key = 'active_users' AND period >= '2025-01-04'`);
      }
    });

    it("GET /api/metrics/{key}/series moves a filtered slice to the coarser grain too", async () => {
      // US has days 01-01, 01-02 and 01-09; its two weeks fit in maxPoints=2.
      const series = await getMetricSeries(wh, adminViewer, "revenue", query({ grain: "day", filters: { country: "US" }, maxPoints: 2 }));
      expect(series.grain).toBe("week");
    });

    it("GET /api/metrics/{key}/series rejects a maxPoints outside 2..1000", async () => {
      for (const value of ["1", "1001", "many", "2.5"]) {
        const res = await getSeriesRoute(await request(`/api/metrics/revenue/series?maxPoints=${value}`), keyParams("revenue"));
        expect(res.status, value).toBe(400);
        expect(JSON.stringify(await res.json()), value).toContain("maxPoints");
      }
    });

    it("GET /api/metrics/{key}/series reads filter.DIMENSION=VALUE", async () => {
      const res = await getSeriesRoute(await request("/api/metrics/revenue/series?filter.country=US&to=2025-01-05"), keyParams("revenue"));
      expect(res.status).toBe(200);
      expect(((await res.json()) as { points: unknown[] }).points).toEqual([
        { period: "2025-01-01", value: 7, runId: "run-2" },
        { period: "2025-01-02", value: 15, runId: "run-2" },
      ]);
    });

    it.each<[string, string, string, number, string | undefined]>([
      ["unknown metric", "nope", "", 404, "key"],
      ["malformed key", "Bad-Key", "", 400, "key"],
      ["unknown series metric", "nope", "/series", 404, "key"],
      ["malformed series key", "DROP TABLE", "/series", 400, "key"],
      ["bad grain", "revenue", "/series?grain=hour", 400, "grain"],
      ["grain the metric lacks", "revenue", "/series?grain=quarter", 400, "grain"],
      ["unknown parameter", "revenue", "/series?limit=10", 400, "limit"],
      ["repeated parameter", "revenue", "/series?grain=day&grain=week", 400, "grain"],
      ["not a date", "revenue", "/series?from=2025-1-1", 400, "from"],
      ["not a calendar date", "revenue", "/series?to=2025-02-30", 400, "to"],
      ["from after to", "revenue", "/series?from=2025-02-01&to=2025-01-01", 400, "from"],
      ["empty by", "revenue", "/series?by=", 400, "by"],
      ["unknown by", "revenue", "/series?by=city", 400, "by"],
      ["unknown filter dimension", "revenue", "/series?filter.city=Paris", 400, "filter.city"],
      ["two filters", "revenue", "/series?filter.country=DE&filter.platform=ios", 400, "filter.platform"],
      ["by with a filter on another dimension", "revenue", "/series?by=platform&filter.country=DE", 400, "filter.country"],
    ])("%s -> %i naming %s", async (_case, key, rest, status, parameter) => {
      const handler = rest.startsWith("/series") ? getSeriesRoute : getMetricRoute;
      const res = await handler(await request(`/api/metrics/${encodeURIComponent(key)}${rest}`), keyParams(key));
      expect(res.status).toBe(status);
      const body = (await res.json()) as { error: { code: string; message: string; parameter?: string } };
      expect(body.error.code).toBe(status === 404 ? "not_found" : "bad_request");
      expect(body.error.message.length).toBeGreaterThan(0);
      expect(body.error.parameter).toBe(parameter);
    });

    it("answers 500 without details when the warehouse fails", async () => {
      const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
      const signed = await request("/api/metrics");
      state.fail = true;
      try {
        const res = await getCatalogRoute(signed);
        expect(res.status).toBe(500);
        const text = await res.text();
        expect(JSON.parse(text)).toMatchObject({ error: { code: "internal_error" } });
        expect(text).not.toMatch(/secret|10\.0\.0\.7|at .*\.ts/);
        expect(log).toHaveBeenCalled();
      } finally {
        state.fail = false;
        log.mockRestore();
      }
    });

    it("GET /api/openapi.json describes the endpoints from the schemas", async () => {
      const res = await getOpenApiRoute();
      expect(res.status).toBe(200);
      const doc = (await res.json()) as { openapi: string; paths: Record<string, unknown>; components: { schemas: Record<string, { properties?: object }> } };
      expect(doc.openapi).toBe("3.1.0");
      expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/api/metrics", "/api/metrics/{key}", "/api/metrics/{key}/series"]));
      expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(["CatalogEntry", "MetricDetail", "SeriesResponse", "ApiError"]));
      expect(doc.components.schemas.SeriesResponse?.properties).toHaveProperty("points");
    });
  });
});
