// Reading a two-year daily chart: from Triad's rollups (GET /api/metrics/{key}/series,
// called in-process) against the same chart computed from the raw table at request
// time, the way Superset or Metabase answer it. Target: rollups at least 20x faster.
import type { Warehouse } from "@/lib/db/warehouse";
import { getMetricSeries } from "@/lib/metrics/queries/get-metric-series";
import { formatDuration, renderTable } from "./report";
import { adminViewer } from "../support/viewers";

export const SERIES_SPEEDUP_TARGET = 20;
// A p95 of 30 reads is their second slowest: 100 rollup reads (a few ms each) give a steadier one.
const ROLLUP_CALLS = 100;
const CALLS = 30;
// Untimed calls first, as the page bench warms up: the first reads of a process
// run unoptimized JavaScript (30 ms, then 5 to 9 ms, against 2 ms once warm).
const WARMUP_CALLS = 10;

/** The raw-table query a BI tool sends for the same chart: each demo metric's own aggregation, per day. */
const RAW: Record<string, string> = {
  revenue: `SELECT ordered_at::date AS day, sum(amount) FROM orders WHERE status = 'paid' AND ordered_at >= $1::date AND ordered_at < $2::date + 1 GROUP BY 1 ORDER BY 1`,
  mau: `SELECT d::date AS day, (SELECT count(DISTINCT user_id) FROM sessions WHERE started_at >= d - interval '29 days' AND started_at < d + interval '1 day')
          FROM generate_series($1::date, $2::date, interval '1 day') d ORDER BY 1`,
  sessions: `SELECT started_at::date AS day, count(*) FROM sessions WHERE started_at >= $1::date AND started_at < $2::date + 1 GROUP BY 1 ORDER BY 1`,
};

export interface SeriesBench {
  kind: string;
  sourceRows: number;
  rows: { metric: string; points: number; rollupP50: number; rollupP95: number; cachedP50: number; cachedP95: number; rawP50: number; rawP95: number; speedup: number }[];
}

// Reads of a few milliseconds need the decimal.
const fmt = (ms: number) => (ms < 100 ? `${ms.toFixed(1)} ms` : formatDuration(ms));

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(p * values.length))]!;

async function timeCalls(n: number, fn: () => Promise<unknown>, before?: () => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    await before?.();
    const started = performance.now();
    await fn();
    out.push(performance.now() - started);
  }
  return out;
}

export async function benchSeries(kind: string, wh: Warehouse, log: (line: string) => void): Promise<SeriesBench> {
  const [{ n }] = (await wh.sql.query<{ n: number }>(`SELECT ((SELECT count(*) FROM users) + (SELECT count(*) FROM sessions) + (SELECT count(*) FROM orders) + (SELECT count(*) FROM refunds))::bigint AS n`)) as [{ n: number }];
  const rows: SeriesBench["rows"] = [];
  for (const metric of Object.keys(RAW)) {
    const [bounds] = await wh.sql.query<{ first: string; last: string }>(
      `SELECT min(period)::text AS first, max(period)::text AS last FROM metric_value WHERE metric_key = $1 AND grain = 'day' AND dimension = ''`,
      [metric],
    );
    if (!bounds?.first) continue;
    // Raw aggregation of a rolling window is slow: fewer calls keep the bench bounded, the percentiles still say enough.
    const rawCalls = metric === "mau" ? (kind === "pglite" ? 1 : 2) : CALLS;
    log(`[${kind}] series: ${metric} ${bounds.first}..${bounds.last}, ${ROLLUP_CALLS} rollup reads (cold, then cached) and ${rawCalls} raw aggregations, after ${WARMUP_CALLS} untimed calls ...`);
    let points = 0;
    const read = async () => {
      points = (await getMetricSeries(wh, adminViewer, metric, { grain: "day", from: bounds.first, to: bounds.last, filters: {} })).points.length;
    };
    // Cold: the data version moves before each call (as a compute would), so
    // every call reads the rollups; cached: the same chart asked again.
    const bump = () => wh.sql.query(`UPDATE data_version SET version = version + 1 WHERE id = 1`);
    const rawRead = () => wh.sql.query(RAW[metric]!, [bounds.first, bounds.last]);
    await timeCalls(WARMUP_CALLS, read, bump);
    const rollup = await timeCalls(ROLLUP_CALLS, read, bump);
    const cached = await timeCalls(ROLLUP_CALLS, read);
    // The raw query is warmed the same way (its pages in cache), except the rolling one, minutes a call.
    await timeCalls(metric === "mau" ? 0 : WARMUP_CALLS, rawRead);
    const raw = await timeCalls(rawCalls, rawRead);
    const rollupP95 = percentile(rollup, 0.95);
    const rawP95 = percentile(raw, 0.95);
    rows.push({ metric, points, rollupP50: percentile(rollup, 0.5), rollupP95, cachedP50: percentile(cached, 0.5), cachedP95: percentile(cached, 0.95), rawP50: percentile(raw, 0.5), rawP95, speedup: rawP95 / rollupP95 });
  }
  return { kind, sourceRows: Number(n), rows };
}

export function renderSeriesSection(results: readonly SeriesBench[]): string[] {
  if (results.length === 0) return [];
  const table = results.flatMap((r) =>
    r.rows.map((row) => [
      `${r.kind} (${r.sourceRows.toLocaleString("en-US")} rows)`,
      row.metric,
      String(row.points),
      `${fmt(row.rollupP50)} / ${fmt(row.rollupP95)}`,
      `${fmt(row.cachedP50)} / ${fmt(row.cachedP95)}`,
      `${fmt(row.rawP50)} / ${fmt(row.rawP95)}`,
      `${row.speedup.toFixed(1)}x ${row.speedup >= SERIES_SPEEDUP_TARGET ? "PASS" : "MISS"}`,
    ]),
  );
  return [
    `Two-year daily chart: series API from the rollups vs aggregating the raw table per request (p50 / p95; target at least ${SERIES_SPEEDUP_TARGET}x at p95).`,
    `Speedup is of the cold read (every call reads the rollups: the data version moved before it); "cached" is the same chart asked again, answered from memory.`,
    `${ROLLUP_CALLS} rollup reads of each kind and ${CALLS} raw aggregations (mau: 2, 1 on PGlite), each after ${WARMUP_CALLS} untimed calls (mau's raw aggregation: none).`,
    ...renderTable(["warehouse", "metric", "points", "rollups (cold)", "cached", "raw table", "speedup (cold)"], table),
  ];
}
