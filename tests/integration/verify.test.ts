// Recompute-and-verify on a small seeded demo shop, on both warehouses: every
// stored point matches, and a changed source row or definition is named as
// the reason for a mismatch.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoShop } from "@/lib/demo/seed";
import { computeMetrics } from "@/lib/pipeline/compute";
import { verifyMetric, verifyMetrics, verifyPointOrThrow } from "@/lib/verify/verify-points";
import { formatValue } from "@/lib/verify/verify-schema";
import { WAREHOUSES, type TestWarehouse } from "../support/warehouses";

const METRICS_DIR = path.resolve("metrics");

describe.each(WAREHOUSES)("verify on $name", (factory) => {
  let wh: TestWarehouse;

  beforeAll(async () => {
    wh = await factory.open();
    await seedDemoShop(wh.sql, { scale: 60_000 });
    const results = await computeMetrics(wh, { metricsDir: METRICS_DIR });
    expect(results.filter((r) => r.status !== "succeeded")).toEqual([]);
  }, 60_000);
  afterAll(() => wh?.dispose());

  it("matches every stored point of every demo metric", async () => {
    const keys = (await wh.sql.query<{ key: string }>(`SELECT key FROM metric_definition ORDER BY key`)).map((r) => r.key);
    expect(keys.length).toBe(15);
    const results = await verifyMetrics(wh, keys);
    for (const r of results) {
      expect(r.mismatches.slice(0, 3), r.metric).toEqual([]);
      expect(r.matched, r.metric).toBe(r.points);
      expect(r.points, r.metric).toBeGreaterThan(0);
    }
  }, 120_000);

  it("matches sampled day points of 30-day windows one by one", async () => {
    for (const metric of ["mau", "arpu"]) {
      const points = await wh.sql.query<{ period: string; dimension: string; dimension_value: string }>(
        `SELECT period::text AS period, dimension, dimension_value FROM metric_value WHERE metric_key = $1 AND grain = 'day' AND (dimension = '' OR dimension_value IN ('DE', 'ios')) AND extract(day FROM period) IN (1, 17) ORDER BY period DESC LIMIT 6`,
        [metric],
      );
      expect(points.length).toBeGreaterThan(2);
      for (const p of points) {
        const r = await verifyPointOrThrow(wh, metric, { period: p.period, grain: "day", ...(p.dimension ? { dimension: p.dimension, value: p.dimension_value } : {}) });
        expect(r.match, `${metric} ${p.period} ${p.dimension_value}`).toBe(true);
      }
    }
  });

  it("verifies one point of each kind", async () => {
    for (const [metric, grain, dimension, value] of [
      ["revenue", "month", "country", "DE"],
      ["orders", "day", undefined, undefined],
      ["mau", "month", "platform", "ios"],
      ["total_signups", "week", undefined, undefined],
      ["arpu", "month", undefined, undefined],
    ] as const) {
      const [p] = await wh.sql.query<{ period: string }>(
        `SELECT period::text AS period FROM metric_value WHERE metric_key = $1 AND grain = $2 AND dimension = $3 AND dimension_value = $4 ORDER BY period OFFSET 3 LIMIT 1`,
        [metric, grain, dimension ?? "", value ?? ""],
      );
      const r = await verifyPointOrThrow(wh, metric, { period: p!.period, grain, ...(dimension ? { dimension, value } : {}) });
      expect(r, `${metric} ${grain} ${p!.period}`).toMatchObject({ match: true, stored: r.recomputed });
      expect(r.runId).toMatch(/./);
    }
  });

  it("says source rows changed after a paid order stops being paid", async () => {
    const [order] = await wh.sql.query<{ row_id: number; day: string }>(
      `SELECT row_id, ordered_at::date::text AS day FROM orders WHERE status = 'paid' ORDER BY row_id LIMIT 1`,
    );
    await wh.sql.query(`UPDATE orders SET status = 'cancelled' WHERE row_id = $1`, [order!.row_id]);
    const r = await verifyPointOrThrow(wh, "orders", { period: order!.day, grain: "day" });
    expect(r.match).toBe(false);
    expect(r.tolerance).toBe("exact");
    expect(r.recomputed).toBe(r.stored! - 1);
    expect(r.reason).toBe(`source rows changed after the run: ${r.recomputed} rows now vs ${r.stored} at the run`);
    const revenue = await verifyPointOrThrow(wh, "revenue", { period: order!.day, grain: "day" });
    expect(revenue.match).toBe(false);
    expect(revenue.reason).toMatch(/^source rows changed after the run/);
    const all = (await verifyMetrics(wh, ["orders"]))[0]!;
    expect(all.mismatches.length).toBeGreaterThan(0);

    // Composed metrics name the input that differs and why.
    const ratio = await verifyPointOrThrow(wh, "conversion_rate", { period: order!.day, grain: "day" });
    expect(ratio.match).toBe(false);
    expect(ratio.reason).toBe(`input metric orders differs (stored ${r.stored}, now ${r.recomputed}): ${r.reason}`);
    const arpu = await verifyPointOrThrow(wh, "arpu", { period: order!.day, grain: "day" });
    expect(arpu.match).toBe(false);
    expect(arpu.reason).toBe(`input metric revenue differs (stored ${formatValue(revenue.stored)}, now ${formatValue(revenue.recomputed)}): ${revenue.reason}`);
    const month = (await verifyMetric(wh, "arpu", { grains: ["month"] })).mismatches;
    expect([...new Set(month.map((m) => m.period))]).toEqual([`${order!.day.slice(0, 7)}-01`]);
    expect(month.map((m) => m.dimension).sort()).toEqual(["", "country", "platform"]);
    expect(month[0]!.reason).toMatch(/^input metric revenue differs/);
    await wh.sql.query(`UPDATE orders SET status = 'paid' WHERE row_id = $1`, [order!.row_id]);
  });

  it("says the source's rows changed for a rolling metric, whose points record no row count", async () => {
    // A user with one session only, on a day with an ARPU point: without it, the user is active on no day.
    const [session] = await wh.sql.query<{ id: number; user_id: number; day: string }>(
      `SELECT min(id) AS id, user_id, min(started_at)::date::text AS day FROM sessions GROUP BY user_id
       HAVING count(*) = 1 AND min(started_at)::date IN (SELECT period FROM metric_value WHERE metric_key = 'arpu' AND grain = 'day' AND dimension = '')
       ORDER BY user_id LIMIT 1`,
    );
    const [{ n }] = (await wh.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM sessions`)) as [{ n: number }];
    const [saved] = await wh.sql.query<{ row: string }>(`SELECT row_to_json(s)::text AS row FROM sessions s WHERE id = $1`, [session!.id]);
    await wh.sql.query(`DELETE FROM sessions WHERE id = $1`, [session!.id]);
    let deleted = true;
    try {
      const r = await verifyPointOrThrow(wh, "mau", { period: session!.day, grain: "day" });
      expect(r).toMatchObject({ match: false, recomputed: r.stored! - 1, tolerance: "exact" });
      expect(r.reason).toBe(`source rows changed after the run: sessions has ${n - 1} rows the metric reads now vs ${n} at the run (source row counts per point are not recorded for rolling distinct metrics)`);
      const arpu = await verifyPointOrThrow(wh, "arpu", { period: session!.day, grain: "day" });
      expect(arpu.reason).toMatch(/^input metric mau differs \(stored \d+, now \d+\): source rows changed after the run: sessions has/);
      // Given to a user active the same day, the session keeps the row count: the reason says what was ruled out.
      const [other] = await wh.sql.query<{ user_id: number }>(`SELECT user_id FROM sessions WHERE started_at::date = $1::date AND user_id <> $2 ORDER BY id LIMIT 1`, [session!.day, session!.user_id]);
      await wh.sql.query(`INSERT INTO sessions SELECT * FROM json_populate_record(NULL::sessions, $1::json)`, [saved!.row]);
      deleted = false;
      await wh.sql.query(`UPDATE sessions SET user_id = $2 WHERE id = $1`, [session!.id, other!.user_id]);
      const moved = await verifyPointOrThrow(wh, "mau", { period: session!.day, grain: "day" });
      expect(moved).toMatchObject({ match: false, recomputed: moved.stored! - 1 });
      expect(moved.reason).toBe(
        `unexplained difference: source row counts per point are not recorded for rolling distinct metrics; the definition is unchanged, and sessions has as many rows the metric reads as at the run (${n})`,
      );
    } finally {
      if (deleted) await wh.sql.query(`INSERT INTO sessions SELECT * FROM json_populate_record(NULL::sessions, $1::json)`, [saved!.row]);
      else await wh.sql.query(`UPDATE sessions SET user_id = $2 WHERE id = $1`, [session!.id, session!.user_id]);
    }
  });

  it("says the definition changed when the metric points at a new version", async () => {
    const [v] = await wh.sql.query<{ id: string; definition: Record<string, unknown> }>(
      `SELECT v.id, v.definition FROM metric_definition d JOIN metric_definition_version v ON v.id = d.current_version_id WHERE d.key = 'orders'`,
    );
    const changed = { ...v!.definition, filters: [] };
    await wh.sql.query(
      `INSERT INTO metric_definition_version (id, metric_key, content_hash, source, definition, file_path) VALUES ('orders@changed', 'orders', 'changed', '', $1::jsonb, 'orders.yaml')`,
      [JSON.stringify(changed)],
    );
    await wh.sql.query(`UPDATE metric_definition SET current_version_id = 'orders@changed' WHERE key = 'orders'`);
    const [p] = await wh.sql.query<{ period: string }>(`SELECT period::text AS period FROM metric_value WHERE metric_key = 'orders' AND grain = 'month' AND dimension = '' ORDER BY period OFFSET 6 LIMIT 1`);
    const r = await verifyPointOrThrow(wh, "orders", { period: p!.period, grain: "month" });
    expect(r.match).toBe(false);
    expect(r.reason).toBe(`definition changed since the run (version ${v!.id} -> orders@changed)`);
    await wh.sql.query(`UPDATE metric_definition SET current_version_id = $1 WHERE key = 'orders'`, [v!.id]);
  });

  it("404s an unknown metric or point", async () => {
    await expect(verifyPointOrThrow(wh, "nope", { period: "2024-01-01", grain: "day" })).rejects.toThrow(/no metric/);
    await expect(verifyPointOrThrow(wh, "orders", { period: "1999-01-01", grain: "day" })).rejects.toThrow(/no stored point/);
  });
});
