// The auditor's paths, timed on a computed warehouse: the lineage of a metric
// (what GET /api/metrics/{key}/lineage returns, called in-process), verifying
// one stored point (POST /api/metrics/{key}/verify) and verifying every stored
// point of a metric (`triad verify --metric KEY`).
//
// Also runnable alone against a computed warehouse:
//   npx tsx --conditions=react-server tests/bench/audit-bench.ts --data-dir DIR | --database-url URL
import { parseArgs } from "node:util";
import type { Warehouse } from "@/lib/db/warehouse";
import { openWarehouse } from "@/lib/db/warehouse";
import type { Grain } from "@/lib/metrics/definition-schema";
import { getMetricLineageOrThrow } from "@/lib/lineage/queries/get-metric-lineage-or-throw";
import { verifyMetric, verifyPointOrThrow } from "@/lib/verify/verify-points";
import { formatDuration, renderTable } from "./report";
import { adminViewer } from "../support/viewers";

export const VERIFY_POINT_TARGET_MS = 1_000;
export const LINEAGE_CALLS = 100;
/** Metrics sampled for one-point verification: each kind, the 30-day window and ARPU over it included. */
export const POINT_METRICS = ["revenue", "orders", "average_order_value", "conversion_rate", "arpu", "dau", "wau", "mau", "total_signups"] as const;
/** Points sampled per metric: one per grain, alternating the total and a dimension value. */
const GRAINS: readonly Grain[] = ["day", "week", "month", "quarter"];
export const FULL_METRICS = ["revenue", "mau", "arpu"] as const;

type Kind = "pglite" | "postgres";

export interface Stats {
  n: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  /** This process's CPU time, p50 and max: on PGlite the warehouse's work too, whatever else the machine runs. */
  cpuP50Ms: number;
  cpuMaxMs: number;
}

export interface AuditBench {
  kind: Kind;
  lineage: Stats;
  verifyPoint: Stats & { mismatches: number; slowest: { metric: string; point: string; ms: number }[] };
  verifyPointByMetric: { metric: string; stats: Stats }[];
  verifyAll: { metric: string; points: number; matched: number; ms: number; cpuMs: number }[];
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

interface Timing {
  ms: number;
  cpuMs: number;
}

export function statsOf(samples: readonly Timing[]): Stats {
  const sorted = samples.map((s) => s.ms).sort((a, b) => a - b);
  const cpu = samples.map((s) => s.cpuMs).sort((a, b) => a - b);
  return { n: sorted.length, p50Ms: quantile(sorted, 0.5), p95Ms: quantile(sorted, 0.95), maxMs: sorted.at(-1) ?? Number.NaN, cpuP50Ms: quantile(cpu, 0.5), cpuMaxMs: cpu.at(-1) ?? Number.NaN };
}

async function timed<T>(fn: () => Promise<T>): Promise<Timing & { value: T }> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const value = await fn();
  const used = process.cpuUsage(cpu);
  return { value, ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000 };
}

interface SamplePoint {
  metric: string;
  grain: Grain;
  period: string;
  dimension: string;
  value: string;
}

/** A fixed sample: for each metric and grain, a stored point half-way through its series, the total or a slice in turn. */
async function samplePoints(wh: Warehouse): Promise<SamplePoint[]> {
  const points: SamplePoint[] = [];
  for (const metric of POINT_METRICS) {
    for (const [i, grain] of GRAINS.entries()) {
      const sliced = i % 2 === 1;
      const rows = await wh.sql.query<{ period: string; dimension: string; dimension_value: string }>(
        `SELECT period::text AS period, dimension, dimension_value FROM metric_value
          WHERE metric_key = $1 AND grain = $2 AND ${sliced ? "dimension <> ''" : "dimension = ''"}
          ORDER BY dimension, dimension_value, period`,
        [metric, grain],
      );
      const p = rows[Math.floor(rows.length / 2)];
      if (p) points.push({ metric, grain, period: p.period, dimension: p.dimension, value: p.dimension_value });
    }
  }
  return points;
}

export async function benchAudit(kind: Kind, wh: Warehouse, log: (line: string) => void): Promise<AuditBench> {
  const keys = (await wh.sql.query<{ key: string }>(`SELECT DISTINCT metric_key AS key FROM metric_run WHERE status = 'succeeded' ORDER BY 1`)).map((r) => r.key);
  if (keys.length === 0) throw new Error(`[${kind}] audit: no metric has a successful run; compute first`);

  log(`[${kind}] audit: lineage of ${keys.length} metrics, ${LINEAGE_CALLS} calls in turn ...`);
  await getMetricLineageOrThrow(wh, adminViewer, keys[0]!); // warm-up
  const lineage: Timing[] = [];
  for (let i = 0; i < LINEAGE_CALLS; i++) lineage.push(await timed(() => getMetricLineageOrThrow(wh, adminViewer, keys[i % keys.length]!)));

  const sample = await samplePoints(wh);
  log(`[${kind}] audit: verifying ${sample.length} single points ...`);
  const pointMs: { p: SamplePoint; t: Timing; match: boolean }[] = [];
  for (const p of sample) {
    const r = await timed(() => verifyPointOrThrow(wh, p.metric, { period: p.period, grain: p.grain, ...(p.dimension ? { dimension: p.dimension, value: p.value } : {}) }));
    pointMs.push({ p, t: r, match: r.value.match });
  }

  const verifyAll: AuditBench["verifyAll"] = [];
  for (const metric of FULL_METRICS) {
    log(`[${kind}] audit: verifying every point of ${metric} ...`);
    const r = await timed(() => verifyMetric(wh, metric));
    log(`[${kind}]   ${metric}: ${r.value.matched} of ${r.value.points} points match, ${formatDuration(r.ms)} (CPU of this process ${formatDuration(r.cpuMs)})`);
    verifyAll.push({ metric, points: r.value.points, matched: r.value.matched, ms: r.ms, cpuMs: r.cpuMs });
  }

  const label = (p: SamplePoint) => `${p.grain} ${p.period}${p.dimension ? ` ${p.dimension}=${p.value}` : ""}`;
  return {
    kind,
    lineage: statsOf(lineage),
    verifyPoint: {
      ...statsOf(pointMs.map((x) => x.t)),
      mismatches: pointMs.filter((x) => !x.match).length,
      slowest: [...pointMs].sort((a, b) => b.t.ms - a.t.ms).slice(0, 3).map((x) => ({ metric: x.p.metric, point: label(x.p), ms: x.t.ms })),
    },
    verifyPointByMetric: POINT_METRICS.map((metric) => ({ metric, stats: statsOf(pointMs.filter((x) => x.p.metric === metric).map((x) => x.t)) })),
    verifyAll,
  };
}

const LABEL: Record<Kind, string> = { pglite: "PGlite", postgres: "PostgreSQL" };
const ms = (v: number) => (Number.isNaN(v) ? "n/a" : v < 1_000 ? `${v.toFixed(1)} ms` : formatDuration(v));
const statCells = (s: Stats) => [ms(s.p50Ms), ms(s.p95Ms), ms(s.maxMs), ms(s.cpuP50Ms), ms(s.cpuMaxMs)];

export function renderAuditSection(benches: readonly AuditBench[]): string[] {
  if (benches.length === 0) return [];
  const lines = [
    `Audit paths, in-process on each computed warehouse (wall time; CPU = this process's CPU time, which on PGlite includes the warehouse's work)`,
    ...renderTable(
      ["measure", ...benches.flatMap((b) => [`${LABEL[b.kind]} p50`, "p95", "max", "CPU p50", "CPU max"])],
      [
        [`lineage (${benches[0]!.lineage.n} calls over every metric)`, ...benches.flatMap((b) => statCells(b.lineage))],
        [`verify one point (${benches[0]!.verifyPoint.n} points)`, ...benches.flatMap((b) => statCells(b.verifyPoint))],
        ...POINT_METRICS.map((metric) => [
          `  ${metric}`,
          ...benches.flatMap((b) => {
            const s = b.verifyPointByMetric.find((x) => x.metric === metric)?.stats;
            return s ? statCells(s) : ["-", "-", "-", "-", "-"];
          }),
        ]),
      ],
    ),
    ``,
    `Verify every stored point of a metric`,
    ...renderTable(
      ["metric", ...benches.flatMap((b) => [`${LABEL[b.kind]} points`, "matched", "time", "CPU"])],
      FULL_METRICS.map((metric) => [
        metric,
        ...benches.flatMap((b) => {
          const r = b.verifyAll.find((x) => x.metric === metric);
          return r ? [String(r.points), String(r.matched), ms(r.ms), ms(r.cpuMs)] : ["-", "-", "-", "-"];
        }),
      ]),
    ),
  ];
  for (const b of benches) {
    if (b.verifyPoint.mismatches > 0) lines.push(`WARNING ${LABEL[b.kind]}: ${b.verifyPoint.mismatches} sampled point(s) did not match their recomputation.`);
    lines.push(`${LABEL[b.kind]} slowest single points: ${b.verifyPoint.slowest.map((s) => `${s.metric} ${s.point} ${ms(s.ms)}`).join(", ")}`);
  }
  return lines;
}

export function auditSummary(benches: readonly AuditBench[]): string[] {
  const lines: string[] = [];
  const embedded = benches.find((b) => b.kind === "pglite");
  if (embedded) {
    const v = embedded.verifyPoint;
    const pass = v.p95Ms < VERIFY_POINT_TARGET_MS;
    lines.push(
      `  ${pass ? "PASS" : "MISS"}  verify one point on embedded PGlite: p95 ${ms(v.p95Ms)} (p50 ${ms(v.p50Ms)}, max ${ms(v.maxMs)}; CPU p50 ${ms(v.cpuP50Ms)}, max ${ms(v.cpuMaxMs)}) over ${v.n} points; target under ${ms(VERIFY_POINT_TARGET_MS)}` +
        (pass ? "" : `; slowest: ${v.slowest.map((s) => `${s.metric} ${s.point} ${ms(s.ms)}`).join(", ")}`),
    );
  } else lines.push(`  (verify one point on embedded PGlite not measured: --warehouse postgres)`);
  for (const b of benches) lines.push(`  (info) ${LABEL[b.kind]} lineage p95 ${ms(b.lineage.p95Ms)}; verify all points: ${b.verifyAll.map((v) => `${v.metric} ${ms(v.ms)}`).join(", ")}`);
  return lines;
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, strict: true, options: { "data-dir": { type: "string" }, "database-url": { type: "string" } } });
  const dataDir = values["data-dir"];
  const databaseUrl = values["database-url"];
  if ((dataDir === undefined) === (databaseUrl === undefined)) {
    process.stdout.write(`Usage: tsx --conditions=react-server tests/bench/audit-bench.ts --data-dir DIR | --database-url URL\n`);
    return 2;
  }
  const wh = databaseUrl ? await openWarehouse({ databaseUrl, poolSize: 4 }) : await openWarehouse({ dataDir: dataDir! });
  const log = (line: string) => process.stdout.write(`${line}\n`);
  try {
    const bench = await benchAudit(databaseUrl ? "postgres" : "pglite", wh, log);
    for (const line of [``, ...renderAuditSection([bench]), ``, ...auditSummary([bench])]) log(line);
  } finally {
    await wh.close();
  }
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`audit bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
