// Incremental compute after one appended day, against a full recompute of the
// same data: on a computed demo warehouse, copy the last day of every source
// table one day forward (set-based, new ids), time `compute` (incremental),
// keep its points, time `compute --full`, and check both wrote the same points.
import type { Warehouse } from "@/lib/db/warehouse";
import { computeMetrics, type MetricRunResult } from "@/lib/pipeline/compute";

export const INCREMENTAL_TARGET_RATIO = 0.05;

export interface IncrementalBench {
  kind: string;
  appendedRows: number;
  appendMs: number;
  incrementalMs: number;
  fullMs: number;
  ratio: number;
  /** Points that differ between the incremental and the full compute (either way). */
  mismatches: number;
  runs: { key: string; mode: string; reason: string; incrementalMs: number; fullMs: number; points: number }[];
}

// Each table's last day, one day later, with ids past the current maximum.
const APPEND = [
  `INSERT INTO users (id, created_at, email, country, platform, acquisition_channel)
   SELECT id + m.top, created_at + interval '1 day', 'next-' || email, country, platform, acquisition_channel
   FROM users, (SELECT max(id) AS top, max(created_at)::date AS last FROM users) m
   WHERE created_at >= m.last AND created_at < m.last + 1`,
  `INSERT INTO sessions (id, user_id, started_at, country, platform, duration_s)
   SELECT id + m.top, user_id, started_at + interval '1 day', country, platform, duration_s
   FROM sessions, (SELECT max(id) AS top, max(started_at)::date AS last FROM sessions) m
   WHERE started_at >= m.last AND started_at < m.last + 1`,
  `INSERT INTO orders (order_id, user_id, ordered_at, amount, status, country, platform, load_batch)
   SELECT order_id + m.top, user_id, ordered_at + interval '1 day', amount, status, country, platform, load_batch || '-next'
   FROM orders, (SELECT max(order_id) AS top, max(ordered_at)::date AS last FROM orders) m
   WHERE ordered_at >= m.last AND ordered_at < m.last + 1`,
  `INSERT INTO refunds (refund_id, order_id, refunded_at, amount, country, platform)
   SELECT refund_id + m.top, order_id, refunded_at + interval '1 day', amount, country, platform
   FROM refunds, (SELECT max(refund_id) AS top, max(refunded_at)::date AS last FROM refunds) m
   WHERE refunded_at >= m.last AND refunded_at < m.last + 1`,
];

const POINT_COLUMNS = `metric_key, grain, period, dimension, dimension_value, value, input_rows`;

export async function benchIncremental(kind: string, wh: Warehouse, metricsDir: string, log: (line: string) => void): Promise<IncrementalBench> {
  // Bring every metric up to date first, so the incremental run sees only the appended day.
  await computeMetrics(wh, { metricsDir, alerts: false });
  log(`[${kind}] incremental: appending one day to every source table ...`);
  let started = performance.now();
  let appendedRows = 0;
  await wh.sql.transaction(async (tx) => {
    for (const sql of APPEND) appendedRows += (await tx.query<{ n: number }>(`WITH ins AS (${sql} RETURNING 1) SELECT count(*)::int AS n FROM ins`))[0]?.n ?? 0;
  });
  const appendMs = performance.now() - started;
  await wh.sql.exec(`ANALYZE users; ANALYZE sessions; ANALYZE orders; ANALYZE refunds;`);

  log(`[${kind}] incremental: compute after ${appendedRows} appended rows ...`);
  started = performance.now();
  const incremental = await computeMetrics(wh, { metricsDir, alerts: false });
  const incrementalMs = performance.now() - started;
  await wh.sql.exec(`DROP TABLE IF EXISTS bench_incremental_points; CREATE TABLE bench_incremental_points AS SELECT ${POINT_COLUMNS} FROM metric_value`);

  log(`[${kind}] incremental: compute --full for comparison ...`);
  started = performance.now();
  const full = await computeMetrics(wh, { metricsDir, full: true, alerts: false });
  const fullMs = performance.now() - started;
  const [diff] = await wh.sql.query<{ n: number }>(
    `SELECT ((SELECT count(*) FROM (SELECT ${POINT_COLUMNS} FROM bench_incremental_points EXCEPT ALL SELECT ${POINT_COLUMNS} FROM metric_value) a)
      + (SELECT count(*) FROM (SELECT ${POINT_COLUMNS} FROM metric_value EXCEPT ALL SELECT ${POINT_COLUMNS} FROM bench_incremental_points) b))::int AS n`,
  );
  await wh.sql.exec(`DROP TABLE bench_incremental_points`);
  const failed = [...incremental, ...full].filter((r) => r.status !== "succeeded");
  if (failed.length > 0) throw new Error(`incremental bench: ${failed.map((r) => `${r.key}: ${r.error}`).join("; ")}`);
  const fullByKey = new Map<string, MetricRunResult>(full.map((r) => [r.key, r]));
  const result: IncrementalBench = {
    kind,
    appendedRows,
    appendMs,
    incrementalMs,
    fullMs,
    ratio: incrementalMs / fullMs,
    mismatches: diff?.n ?? -1,
    runs: incremental.map((r) => ({ key: r.key, mode: r.mode, reason: r.reason, incrementalMs: r.ms, fullMs: fullByKey.get(r.key)?.ms ?? 0, points: r.outputRows })),
  };
  log(`[${kind}] incremental: ${Math.round(incrementalMs)} ms vs full ${Math.round(fullMs)} ms (${(result.ratio * 100).toFixed(1)}%), ${result.mismatches} mismatched points`);
  return result;
}

export function renderIncrementalSection(benches: readonly IncrementalBench[]): string[] {
  const lines = [`Incremental compute after appending one day (target under ${INCREMENTAL_TARGET_RATIO * 100}% of full, identical points)`];
  for (const b of benches) {
    const verdict = b.mismatches === 0 ? (b.ratio < INCREMENTAL_TARGET_RATIO ? "meets target" : "MISSES target") : "WRONG: points differ from the full compute";
    lines.push(
      `  ${b.kind}: ${b.appendedRows.toLocaleString("en-US")} rows appended in ${Math.round(b.appendMs)} ms; incremental ${Math.round(b.incrementalMs)} ms, full ${Math.round(b.fullMs)} ms: ${(b.ratio * 100).toFixed(1)}% (${verdict}); ${b.mismatches} mismatched points`,
    );
    for (const r of b.runs) lines.push(`    ${r.key.padEnd(22)} ${r.mode.padEnd(11)} ${String(Math.round(r.incrementalMs)).padStart(7)} ms vs ${String(Math.round(r.fullMs)).padStart(7)} ms  ${String(r.points).padStart(6)} points  ${r.reason}`);
  }
  return lines;
}
