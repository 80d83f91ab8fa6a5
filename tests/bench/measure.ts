// One warehouse, from empty to computed: each step timed once, then each
// metric's hand-written floor query timed on the same data in the same process.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { migrateWarehouse } from "@/lib/db/migrate";
import { openWarehouse, type Warehouse } from "@/lib/db/warehouse";
import { seedDemoShop, type SeedReport } from "@/lib/demo/seed";
import { loadMetricFiles } from "@/lib/metrics/loader";
import { computeMetrics, type MetricRunResult } from "@/lib/pipeline/compute";
import { ensureDemoDashboards } from "@/lib/dashboards/queries/ensure-demo-dashboards";
import { createTestDatabase } from "../support/postgres";
import { FLOOR_QUERIES } from "./floor-queries";
import type { ServerTarget } from "./web";

export type BenchWarehouseKind = "pglite" | "postgres";

export interface MetricTiming {
  key: string;
  kind: string;
  /** Wall time of the metric's run in computeMetrics, bookkeeping included (ms). */
  computeMs: number;
  /** Points the pipeline stored. */
  storedRows: number;
  /** Wall time of the floor query, rows fetched to this process included (ms). */
  floorMs: number;
  floorRows: number;
  /** Floor rows whose point the pipeline did not store, or stored with another value. */
  floorMismatches: number;
}

export interface WarehouseBench {
  kind: BenchWarehouseKind;
  /** Server version as the warehouse reports it. */
  version: string;
  /** Creating the empty warehouse: initdb of a PGlite folder, CREATE DATABASE on PostgreSQL (ms). */
  openMs: number;
  migrateMs: number;
  seedMs: number;
  rows: Omit<SeedReport, "ms">;
  /** Whole computeMetrics call: lint and compile, definition sync, every run (ms). */
  computeMs: number;
  metrics: MetricTiming[];
}

export interface BenchOptions {
  metricsDir: string;
  scale?: number;
  log: (line: string) => void;
  /** Registers cleanup that must run even when the bench is interrupted. */
  onCleanup: (fn: () => Promise<void>) => void;
}

const elapsed = (started: number) => performance.now() - started;

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await fn();
  return { value, ms: elapsed(started) };
}

interface FreshWarehouse {
  wh: Warehouse;
  /** Where a server finds the same data. */
  target: ServerTarget;
  /** Closes the bench's own handle, once; also registered for cleanup. */
  close: () => Promise<void>;
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => (done ??= fn());
}

/** A fresh, empty warehouse of the given kind; its data is removed at cleanup. */
async function openFreshWarehouse(kind: BenchWarehouseKind, options: BenchOptions): Promise<FreshWarehouse> {
  if (kind === "pglite") {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "triad-bench-pglite-"));
    options.onCleanup(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
    const wh = await openWarehouse({ dataDir });
    const close = once(() => wh.close());
    options.onCleanup(close);
    return { wh, target: { kind, dataDir }, close };
  }
  const database = await createTestDatabase("bench");
  options.onCleanup(() => database.drop());
  const wh = await openWarehouse({ databaseUrl: database.url, poolSize: 4 });
  const close = once(() => wh.close());
  options.onCleanup(close);
  return { wh, target: { kind, databaseUrl: database.url }, close };
}

interface Point extends Record<string, unknown> {
  grain: string;
  period: string;
  dimension: string;
  dimension_value: string;
  value: number | null;
}

const pointKey = (p: Point) => `${p.grain}|${p.period}|${p.dimension}|${p.dimension_value}`;

// Sums in another order may differ in the last bits of a double.
const sameValue = (a: number | null, b: number | null) => (a === null || b === null ? a === b : Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)));

/** Checked after timing: the floor must be the same aggregation, not a cheaper one. */
async function countMismatches(wh: Warehouse, key: string, floorRows: readonly Point[]): Promise<number> {
  const stored = await wh.sql.query<Point>(`SELECT grain, period, dimension, dimension_value, value FROM metric_value WHERE metric_key = $1`, [key]);
  const byKey = new Map(stored.map((p) => [pointKey(p), p.value]));
  return floorRows.filter((p) => {
    const value = byKey.get(pointKey(p));
    return value === undefined || !sameValue(p.value, value);
  }).length;
}

function describeRun(r: MetricRunResult): string {
  return r.status === "succeeded" ? `${r.key} ${r.outputRows} points in ${r.ms} ms` : `${r.key} FAILED: ${r.error}`;
}

export interface BenchedWarehouse {
  bench: WarehouseBench;
  /** The computed warehouse, with the demo dashboards, for `next start`. */
  target: ServerTarget;
  /** The bench's open handle on the computed warehouse, until closeWarehouse. */
  wh: Warehouse;
  /** Closes the bench's handle (PGlite: only one process may open the folder). */
  closeWarehouse: () => Promise<void>;
}

export async function benchWarehouse(kind: BenchWarehouseKind, options: BenchOptions): Promise<BenchedWarehouse> {
  const { log } = options;
  const kinds = new Map(loadMetricFiles(options.metricsDir).metrics.map((m) => [m.definition.key, m.definition.kind]));
  const missingFloor = [...kinds.keys()].filter((k) => !(k in FLOOR_QUERIES));
  if (missingFloor.length > 0) {
    throw new Error(`No floor query in tests/bench/floor-queries.ts for ${missingFloor.join(", ")}; the bench covers the demo metrics in metrics/.`);
  }

  log(`[${kind}] creating an empty warehouse ...`);
  const opened = await timed(() => openFreshWarehouse(kind, options));
  const { wh } = opened.value;
  const [server] = await wh.sql.query<{ server_version: string }>(`SHOW server_version`);

  log(`[${kind}] migrating ...`);
  const migrated = await timed(() => migrateWarehouse(wh.sql));

  log(`[${kind}] seeding the demo shop${options.scale ? ` at scale ${options.scale}` : ""} ...`);
  const seeded = await timed(() => seedDemoShop(wh.sql, { scale: options.scale }));
  const { users, sessions, orders, refunds, totalRows } = seeded.value;

  log(`[${kind}] computing every metric ...`);
  const computed = await timed(() => computeMetrics(wh, { metricsDir: options.metricsDir, onMetric: (r) => log(`[${kind}]   ${describeRun(r)}`) }));
  const failed = computed.value.filter((r) => r.status === "failed");
  if (failed.length > 0) throw new Error(`[${kind}] ${failed.length} metric(s) failed to compute:\n${failed.map(describeRun).join("\n")}`);

  log(`[${kind}] running the floor queries ...`);
  const metrics: MetricTiming[] = [];
  for (const run of computed.value) {
    const floor = await timed(() => wh.sql.query<Point>(FLOOR_QUERIES[run.key]!));
    log(`[${kind}]   ${run.key} floor ${floor.value.length} rows in ${Math.round(floor.ms)} ms`);
    const floorMismatches = await countMismatches(wh, run.key, floor.value);
    metrics.push({
      key: run.key,
      kind: kinds.get(run.key) ?? "?",
      computeMs: run.ms,
      storedRows: run.outputRows,
      floorMs: floor.ms,
      floorRows: floor.value.length,
      floorMismatches,
    });
  }

  // What `triad bootstrap` adds after compute, so the dashboard pages have content.
  const dashboards = await ensureDemoDashboards(wh);
  log(`[${kind}] demo dashboards: ${dashboards.map((d) => `${d.slug} ${d.status}`).join(", ")}`);

  const bench: WarehouseBench = {
    kind,
    version: server?.server_version ?? "unknown",
    openMs: opened.ms,
    migrateMs: migrated.ms,
    seedMs: seeded.ms,
    rows: { users, sessions, orders, refunds, totalRows },
    computeMs: computed.ms,
    metrics,
  };
  return { bench, target: opened.value.target, wh, closeWarehouse: opened.value.close };
}
