// Lineage, quality checks and the audit log recorded by the pipeline on a
// small seeded demo shop, on both warehouses.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAuditLog } from "@/lib/audit/verify-audit-log";
import { DEMO_EVENTS, seedDemoShop } from "@/lib/demo/seed";
import { metricLineageSchema } from "@/lib/lineage/graph-schema";
import { getMetricLineageOrThrow } from "@/lib/lineage/queries/get-metric-lineage-or-throw";
import { checkMetricFiles } from "@/lib/metrics/lint";
import { computeMetrics } from "@/lib/pipeline/compute";
import { listMetricQualityChecks } from "@/lib/quality/queries/list-quality-checks";
import { WAREHOUSES, type TestWarehouse } from "../support/warehouses";
import { adminViewer } from "../support/viewers";

const METRICS_DIR = path.resolve("metrics");
const DUP_DAY = DEMO_EVENTS.duplicatedLoad.date;

describe.each(WAREHOUSES)("lineage, quality and audit on $name", (factory) => {
  let wh: TestWarehouse;
  let checked: Awaited<ReturnType<typeof checkMetricFiles>>;

  beforeAll(async () => {
    wh = await factory.open();
    await seedDemoShop(wh.sql, { scale: 60_000 });
    const results = await computeMetrics(wh, { metricsDir: METRICS_DIR });
    expect(results.filter((r) => r.status !== "succeeded")).toEqual([]);
    checked = await checkMetricFiles(wh.sql, METRICS_DIR);
  });
  afterAll(() => wh?.dispose());

  it("records complete lineage for every demo metric: each source column it reads, each input metric", async () => {
    expect(checked.compiled.size).toBe(15);
    for (const [key, compiled] of checked.compiled) {
      const lineage = metricLineageSchema.parse(await getMetricLineageOrThrow(wh, adminViewer, key));
      const ids = new Set(lineage.nodes.map((n) => n.id));
      expect(ids, key).toContain(`metric:${key}`);
      expect(ids, key).toContain(`job:compute:${key}`);
      expect(ids, key).toContain(`rollup:metric_value/${key}`);
      const input = compiled.input;
      if (input.kind === "table") {
        const table = lineage.nodes.find((n) => n.id === `table:${input.schema}.${input.table}`);
        expect(table, key).toBeDefined();
        const readByJob = lineage.edges.find((e) => e.from === table!.id && e.to === `job:compute:${key}`);
        expect([...(readByJob?.columns ?? [])].sort(), key).toEqual([...input.columns].sort());
        expect(table!.rowCount, key).toBeGreaterThan(0);
        expect(lineage.nodes.some((n) => n.kind === "system" && lineage.edges.some((e) => e.from === n.id && e.to === table!.id)), key).toBe(true);
      } else {
        for (const upstream of input.keys) {
          expect(lineage.edges, key).toContainEqual({ from: `metric:${upstream}`, to: `job:compute:${key}`, columns: ["value"] });
          expect(ids, key).toContain(`job:compute:${upstream}`);
        }
      }
    }
  });

  it("shows downstream metrics: orders feeds refund_rate and conversion_rate", async () => {
    const lineage = await getMetricLineageOrThrow(wh, adminViewer, "orders");
    const down = lineage.nodes.filter((n) => n.side === "downstream" && n.kind === "metric").map((n) => n.name);
    expect(down).toEqual(expect.arrayContaining(["refund_rate", "conversion_rate"]));
  });

  it("fails the duplicate-key check on orders, naming the day and the count, on every metric reading orders", async () => {
    const [{ n } = { n: 0 }] = await wh.sql.query<{ n: number }>(`SELECT (count(*) - count(DISTINCT order_id))::int AS n FROM orders`);
    expect(n).toBeGreaterThan(0);
    const readers = [...checked.compiled.values()].filter((c) => c.input.kind === "table" && c.input.table === "orders").map((c) => c.key);
    expect(readers.length).toBeGreaterThan(3);
    for (const key of readers) {
      const dup = (await listMetricQualityChecks(wh.sql, key)).find((c) => c.check === "duplicate_keys" && c.nodeName.endsWith(".orders"));
      expect(dup?.status, key).toBe("fail");
      expect(dup?.message, key).toContain(DUP_DAY);
      expect(dup?.message, key).toContain(`${n} duplicate rows`);
      expect(dup?.detail.days, key).toEqual([{ day: DUP_DAY, rows: n }]);
    }
    const lineage = await getMetricLineageOrThrow(wh, adminViewer, "revenue");
    const orders = lineage.nodes.find((n2) => n2.kind === "table" && n2.name.endsWith(".orders"));
    expect(orders?.checks.find((c) => c.check === "duplicate_keys")?.status).toBe("fail");
    expect(lineage.nodes.find((x) => x.id === "metric:revenue")?.checks.some((c) => c.check === "duplicate_keys" && c.status === "fail")).toBe(true);
  });

  it("names, per node, the runs that wrote or read it, which metric read which table columns, and each metric's formula", async () => {
    const lineage = metricLineageSchema.parse(await getMetricLineageOrThrow(wh, adminViewer, "arpu"));
    const byId = new Map(lineage.nodes.map((n) => [n.id, n]));
    const hops = lineage.edges.map((e) => `${e.from}->${e.to}`);
    expect(hops.length, "one edge per hop").toBe(new Set(hops).size);

    const revenue = byId.get("metric:revenue")!;
    expect(revenue.title).toBe("Revenue");
    expect(revenue.formula).toMatch(/orders\.amount/);
    expect(revenue.runs.map((r) => [r.metricKey, r.role]).sort()).toEqual([["arpu", "read"], ["revenue", "wrote"]]);
    expect(revenue.runs.find((r) => r.role === "wrote")?.id).toBe(revenue.runId);
    expect(byId.get("metric:arpu")?.formula).toMatch(/revenue/);
    expect(byId.get("job:compute:arpu")?.runs).toEqual([expect.objectContaining({ metricKey: "arpu", role: "wrote", status: "succeeded" })]);

    const orders = [...byId.values()].find((n) => n.kind === "table" && n.name.endsWith(".orders"))!;
    const readers = [...checked.compiled.values()].filter((c) => c.input.kind === "table" && c.input.table === "orders");
    expect(orders.reads.map((r) => r.metricKey)).toEqual(readers.map((c) => c.key).sort());
    for (const c of readers) {
      const read = orders.reads.find((r) => r.metricKey === c.key);
      expect([...(read?.columns ?? [])].sort(), c.key).toEqual(c.input.kind === "table" ? [...c.input.columns].sort() : []);
    }
    expect(orders.runs.every((r) => r.role === "read")).toBe(true);
    expect(orders.runs.map((r) => r.metricKey).sort()).toEqual(readers.map((c) => c.key).sort());
    expect(orders.title).toBeNull();
    expect(byId.get("job:compute:revenue")?.reads).toEqual([]);
  });

  it("passes the other checks: users keys, row counts, and reconciliation of sums and counts with the raw rows", async () => {
    const signups = await listMetricQualityChecks(wh.sql, "signups");
    expect(signups.filter((c) => c.status === "fail")).toEqual([]);
    for (const key of ["orders", "revenue", "refunds", "sessions", "signups", "largest_order"]) {
      const rec = (await listMetricQualityChecks(wh.sql, key)).find((c) => c.check === "reconciliation");
      expect(rec?.status, `${key}: ${rec?.message}`).toBe("pass");
    }
    const mau = (await listMetricQualityChecks(wh.sql, "mau")).find((c) => c.check === "reconciliation");
    expect(mau?.status).toBe("not_applicable");
  });

  it("runs each table's checks once per compute, linked to every run reading it", async () => {
    const rows = await wh.sql.query<{ node_name: string; n: number }>(
      `SELECT node_name, count(*)::int AS n FROM quality_check WHERE node_kind = 'table' AND check_name = 'duplicate_keys' GROUP BY node_name ORDER BY node_name`,
    );
    expect(rows.map((r) => r.n)).toEqual(rows.map(() => 1));
  });

  it("keeps a hash-chained audit log of definitions, runs and failed checks, and names a tampered entry", async () => {
    const actions = await wh.sql.query<{ action: string; n: number }>(`SELECT action, count(*)::int AS n FROM audit_log GROUP BY action ORDER BY action`);
    expect(Object.fromEntries(actions.map((a) => [a.action, a.n]))).toMatchObject({ "definition.created": 15, "run.succeeded": 15 });
    expect(actions.find((a) => a.action === "quality_check.failed")?.n).toBeGreaterThan(0);
    const verdict = await verifyAuditLog(wh.sql);
    expect(verdict.ok).toBe(true);

    const [victim] = await wh.sql.query<{ seq: number }>(`SELECT seq FROM audit_log WHERE action = 'run.succeeded' ORDER BY seq LIMIT 1 OFFSET 3`);
    await wh.sql.query(`UPDATE audit_log SET detail = jsonb_set(detail, '{outputRows}', '0') WHERE seq = $1`, [victim!.seq]);
    const broken = await verifyAuditLog(wh.sql);
    expect(broken).toMatchObject({ ok: false, brokenSeq: Number(victim!.seq) });
    if (!broken.ok) expect(broken.reason).toMatch(/changed after it was written/);
  });
});
