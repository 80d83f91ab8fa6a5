// Pure formatting of bench results: tables with units, ratios and verdicts.
import type { WarehouseBench } from "./measure";
import { REQUESTS, WARMUP_REQUESTS, type WebBench } from "./web";

/** Compute time over floor time, at most this (x). */
export const RATIO_TARGET = 1.3;
/** PGlite first start (migrate + seed + compute) under this (ms). */
export const FIRST_START_TARGET_MS = 3 * 60_000;

/** Server time p95 on PostgreSQL under this (ms). */
export const SERVER_P95_TARGET_MS = 100;
/** First-load JavaScript per route under this (bytes gzip; kB = 1000 bytes). */
export const FIRST_LOAD_JS_TARGET_BYTES = 200_000;
/** Lighthouse scores at least these (0-100). */
export const LIGHTHOUSE_PERFORMANCE_TARGET = 90;
export const LIGHTHOUSE_ACCESSIBILITY_TARGET = 100;

const WAREHOUSE_LABEL = { pglite: "PGlite", postgres: "PostgreSQL" } as const;

export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(2)} s`;
  const minutes = Math.floor(ms / 60_000);
  const rest = (ms - minutes * 60_000) / 1_000;
  return rest < 0.05 ? `${minutes} min` : `${minutes} min ${rest.toFixed(1)} s`;
}

export const formatCount = (n: number) => n.toLocaleString("en-US");
export const formatRatio = (r: number) => (Number.isFinite(r) ? `${r.toFixed(2)}x` : "n/a");

type Align = "left" | "right";

/** A plain-text table; the first column is left-aligned unless told otherwise. */
export function renderTable(header: string[], rows: string[][], align: Align[] = header.map((_, i) => (i === 0 ? "left" : "right"))): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (align[i] === "left" ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join("  ")
      .trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)];
}

export interface Totals {
  /** Sum of the per-metric run times (ms). */
  runsMs: number;
  floorMs: number;
  /** Full compute time over the sum of floor times: the number held against the target. */
  ratio: number;
  firstStartMs: number;
}

export function totalsOf(b: WarehouseBench): Totals {
  const runsMs = b.metrics.reduce((s, m) => s + m.computeMs, 0);
  const floorMs = b.metrics.reduce((s, m) => s + m.floorMs, 0);
  return { runsMs, floorMs, ratio: b.computeMs / floorMs, firstStartMs: b.migrateMs + b.seedMs + b.computeMs };
}

const verdict = (pass: boolean) => (pass ? "PASS" : "MISS");

function setupSection(benches: WarehouseBench[]): string[] {
  const header = ["setup", ...benches.map((b) => `${WAREHOUSE_LABEL[b.kind]} ${b.version}`)];
  const row = (label: string, cell: (b: WarehouseBench) => string) => [label, ...benches.map(cell)];
  return renderTable(header, [
    row("create empty warehouse", (b) => formatDuration(b.openMs)),
    row("migrate", (b) => formatDuration(b.migrateMs)),
    row("seed", (b) => formatDuration(b.seedMs)),
    row("rows: users", (b) => formatCount(b.rows.users)),
    row("rows: sessions", (b) => formatCount(b.rows.sessions)),
    row("rows: orders", (b) => formatCount(b.rows.orders)),
    row("rows: refunds", (b) => formatCount(b.rows.refunds)),
    row("rows: total", (b) => formatCount(b.rows.totalRows)),
    row("seed throughput", (b) => `${formatCount(Math.round(b.rows.totalRows / (b.seedMs / 1_000)))} rows/s`),
  ]);
}

function metricSection(benches: WarehouseBench[]): string[] {
  const first = benches[0]!;
  const header = ["metric", "kind", "points", ...benches.flatMap((b) => [`${WAREHOUSE_LABEL[b.kind]} compute`, "floor", "ratio"])];
  const rows = first.metrics.map((m) => {
    const cells = benches.flatMap((b) => {
      const x = b.metrics.find((y) => y.key === m.key);
      return x ? [formatDuration(x.computeMs), formatDuration(x.floorMs), formatRatio(x.computeMs / x.floorMs)] : ["-", "-", "-"];
    });
    return [m.key, m.kind, formatCount(m.storedRows), ...cells];
  });
  const totals = benches.map(totalsOf);
  const points = formatCount(first.metrics.reduce((s, m) => s + m.storedRows, 0));
  rows.push(["sum of metric runs", "", points, ...totals.flatMap((t) => [formatDuration(t.runsMs), formatDuration(t.floorMs), formatRatio(t.runsMs / t.floorMs)])]);
  rows.push([
    "full compute",
    "",
    "",
    ...benches.flatMap((b, i) => [formatDuration(b.computeMs), formatDuration(totals[i]!.floorMs), formatRatio(totals[i]!.ratio)]),
  ]);
  const align: Align[] = header.map((_, i) => (i < 2 ? "left" : "right"));
  return renderTable(header, rows, align);
}

/**
 * Floor row counts that differ from the stored points, floor rows that differ
 * from a stored point, and stored points that differ across warehouses.
 */
export function rowCountWarnings(benches: WarehouseBench[]): string[] {
  const warnings: string[] = [];
  for (const b of benches) {
    for (const m of b.metrics) {
      if (m.floorRows !== m.storedRows) {
        warnings.push(`WARNING ${WAREHOUSE_LABEL[b.kind]} ${m.key}: the floor query returned ${formatCount(m.floorRows)} rows, the pipeline stored ${formatCount(m.storedRows)}`);
      }
      if (m.floorMismatches > 0) {
        warnings.push(`WARNING ${WAREHOUSE_LABEL[b.kind]} ${m.key}: ${formatCount(m.floorMismatches)} floor rows are not a stored point with the same value`);
      }
    }
  }
  const [first, ...rest] = benches;
  for (const b of rest) {
    for (const m of b.metrics) {
      const other = first!.metrics.find((x) => x.key === m.key);
      if (other && other.storedRows !== m.storedRows) {
        warnings.push(`WARNING ${m.key}: ${WAREHOUSE_LABEL[first!.kind]} stored ${formatCount(other.storedRows)} points, ${WAREHOUSE_LABEL[b.kind]} ${formatCount(m.storedRows)}`);
      }
    }
  }
  return warnings;
}

/** The metrics that account for most of compute's time above the floor, largest first. */
function largestGaps(b: WarehouseBench, count: number): string {
  return [...b.metrics]
    .sort((x, y) => y.computeMs - y.floorMs - (x.computeMs - x.floorMs))
    .slice(0, count)
    .map((m) => `${m.key} +${formatDuration(m.computeMs - m.floorMs)}`)
    .join(", ");
}

function summarySection(benches: WarehouseBench[]): string[] {
  const lines = [`Summary`];
  for (const b of benches) {
    const t = totalsOf(b);
    lines.push(
      `  ${verdict(t.ratio <= RATIO_TARGET)}  ${WAREHOUSE_LABEL[b.kind]}: compute / floor = ${formatRatio(t.ratio)} ` +
        `(${formatDuration(b.computeMs)} / ${formatDuration(t.floorMs)}); target at most ${RATIO_TARGET}x`,
      `        above the floor by ${formatDuration(b.computeMs - t.floorMs)}, most in: ${largestGaps(b, 4)}`,
    );
  }
  const pglite = benches.find((b) => b.kind === "pglite");
  if (pglite) {
    const t = totalsOf(pglite);
    lines.push(
      `  ${verdict(t.firstStartMs < FIRST_START_TARGET_MS)}  PGlite first start = migrate + seed + compute = ${formatDuration(t.firstStartMs)} ` +
        `(${formatDuration(pglite.migrateMs)} + ${formatDuration(pglite.seedMs)} + ${formatDuration(pglite.computeMs)}); target under ${formatDuration(FIRST_START_TARGET_MS)}` +
        `; creating the data folder adds ${formatDuration(pglite.openMs)}`,
    );
  } else {
    lines.push(`  (PGlite first start not measured: --warehouse postgres)`);
  }
  return lines;
}

export interface ReportContext {
  scale: string;
  metricsDir: string;
  /** What else the machine was doing: one run per step, so load skews the numbers. */
  machine: string;
  /** Null with --skip-web. */
  web?: WebBench | null;
}

const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;
const ms1 = (ms: number | null) => (ms === null ? "n/a" : ms < 1_000 ? `${ms.toFixed(1)} ms` : formatDuration(ms));
const shortChunk = (src: string) => src.replace(/^\/_next\/static\//, "");

function webSection(web: WebBench): string[] {
  if (web.buildError) return [`Web: NOT MEASURED, ${web.buildError}`];
  const lines: string[] = [];
  lines.push(
    `Web: next build ${web.build.rebuilt ? `ran (${web.build.reason}) in ${formatDuration(web.build.ms)}` : "reused (.next up to date)"}; next start on 127.0.0.1 per warehouse`,
    ``,
    `Server time to full body, ${REQUESTS} sequential GETs per page after ${WARMUP_REQUESTS} warm-up requests (loopback, keep-alive)`,
  );
  const header = ["page", ...web.servers.flatMap((s) => [`${WAREHOUSE_LABEL[s.kind]} p50`, "p95", "max", "non-200"])];
  const paths = web.servers[0]?.pages.map((p) => p.path) ?? [];
  lines.push(
    ...renderTable(
      header,
      paths.map((p) => [
        p,
        ...web.servers.flatMap((s) => {
          const t = s.pages.find((x) => x.path === p);
          return t ? [ms1(t.p50Ms), ms1(t.p95Ms), ms1(t.maxMs), String(t.errors)] : ["-", "-", "-", "-"];
        }),
      ]),
    ),
    `Server ready (spawn to first 200 on /): ${web.servers.map((s) => `${WAREHOUSE_LABEL[s.kind]} ${formatDuration(s.readyMs)}`).join(", ")}`,
  );
  if (web.firstLoadJs) {
    lines.push(
      ``,
      `First-load JavaScript per route: every /_next/static/*.js the route's HTML loads, each gzip -9, summed (${WAREHOUSE_LABEL[web.firstLoadJsAgainst!]} server)`,
      ...renderTable(
        ["route", "scripts", "raw", "gzip", "largest chunk (gzip)"],
        web.firstLoadJs.map((r) => [r.route + (r.status !== 200 ? ` (HTTP ${r.status})` : ""), String(r.scripts), kB(r.rawBytes), kB(r.gzipBytes), r.chunks[0] ? `${shortChunk(r.chunks[0].src)} ${kB(r.chunks[0].gzipBytes)}` : "-"]),
        ["left", "right", "right", "right", "left"],
      ),
    );
    const shared = web.firstLoadJs
      .map((r) => new Set(r.chunks.map((c) => c.src)))
      .reduce<Set<string> | null>((acc, set) => (acc ? new Set([...acc].filter((x) => set.has(x))) : set), null);
    if (shared && web.firstLoadJs[0]) {
      const sharedBytes = web.firstLoadJs[0].chunks.filter((c) => shared.has(c.src)).reduce((s, c) => s + c.gzipBytes, 0);
      lines.push(`Shared by every route: ${shared.size} scripts, ${kB(sharedBytes)} gzip.`);
    }
    const noModule = [...new Set(web.firstLoadJs.flatMap((r) => r.noModule))];
    if (noModule.length > 0) lines.push(`Not counted: ${noModule.map(shortChunk).join(", ")} (<script noModule> polyfills; browsers with ES modules never fetch them).`);
  }
  if (web.lighthouse) {
    lines.push(
      ``,
      `Lighthouse ${web.lighthouse.version} (desktop preset, Chromium headless) on the ${WAREHOUSE_LABEL[web.lighthouse.against]} server`,
      ...renderTable(
        ["page", "performance", "accessibility", "FCP", "LCP", "TBT", "CLS", "Speed Index"],
        web.lighthouse.pages.map((p) => [
          p.path,
          String(p.performance ?? "n/a"),
          String(p.accessibility ?? "n/a"),
          ms1(p.fcpMs),
          ms1(p.lcpMs),
          ms1(p.tbtMs),
          p.cls === null ? "n/a" : p.cls.toFixed(3),
          ms1(p.speedIndexMs),
        ]),
      ),
    );
    for (const p of web.lighthouse.pages) {
      if (p.runtimeError) lines.push(`WARNING Lighthouse ${p.path}: ${p.runtimeError}`);
      if (p.failedAccessibility.length > 0) lines.push(`  ${p.path} failed accessibility audits: ${p.failedAccessibility.join(", ")}`);
      if (p.weakPerformance.length > 0) lines.push(`  ${p.path} performance audits under 0.90: ${p.weakPerformance.join(", ")}`);
    }
  }
  return lines;
}

function webSummary(web: WebBench): string[] {
  if (web.buildError) return [`  ERROR  web not measured (server time, first-load JS, Lighthouse): next build failed; see above`];
  const lines: string[] = [];
  for (const s of web.servers) {
    for (const p of s.pages) {
      const gated = s.kind === "postgres";
      const pass = p.p95Ms < SERVER_P95_TARGET_MS && p.errors === 0;
      const over = p.p95Ms >= SERVER_P95_TARGET_MS ? `; over by ${ms1(p.p95Ms - SERVER_P95_TARGET_MS)}` : "";
      const errors = p.errors ? `; ${p.errors} non-200 responses` : "";
      lines.push(
        gated
          ? `  ${verdict(pass)}  PostgreSQL server time p95 ${p.path} = ${ms1(p.p95Ms)} (p50 ${ms1(p.p50Ms)}); target under ${SERVER_P95_TARGET_MS} ms${over}${errors}`
          : `  (info) ${WAREHOUSE_LABEL[s.kind]} server time p95 ${p.path} = ${ms1(p.p95Ms)} (p50 ${ms1(p.p50Ms)}); the target applies to PostgreSQL${errors}`,
      );
    }
  }
  if (!web.servers.some((s) => s.kind === "postgres")) lines.push(`  (PostgreSQL server time not measured: --warehouse pglite)`);
  for (const r of web.firstLoadJs ?? []) {
    const pass = r.gzipBytes < FIRST_LOAD_JS_TARGET_BYTES && r.status === 200;
    const top = r.chunks.slice(0, 3).map((c) => `${shortChunk(c.src)} ${kB(c.gzipBytes)}`).join(", ");
    lines.push(
      `  ${verdict(pass)}  first-load JS ${r.route} = ${kB(r.gzipBytes)} gzip in ${r.scripts} scripts; target under ${kB(FIRST_LOAD_JS_TARGET_BYTES)}` +
        (pass ? "" : `${r.gzipBytes >= FIRST_LOAD_JS_TARGET_BYTES ? `; over by ${kB(r.gzipBytes - FIRST_LOAD_JS_TARGET_BYTES)}` : `; HTTP ${r.status}`}; largest: ${top}`),
    );
  }
  for (const p of web.lighthouse?.pages ?? []) {
    const perfPass = p.performance !== null && p.performance >= LIGHTHOUSE_PERFORMANCE_TARGET;
    const a11yPass = p.accessibility !== null && p.accessibility >= LIGHTHOUSE_ACCESSIBILITY_TARGET;
    lines.push(
      `  ${verdict(perfPass)}  Lighthouse performance ${p.path} = ${p.performance ?? "n/a"}; target at least ${LIGHTHOUSE_PERFORMANCE_TARGET}` +
        (perfPass || p.performance === null ? "" : `; short by ${LIGHTHOUSE_PERFORMANCE_TARGET - p.performance}; weakest: ${p.weakPerformance.join(", ") || "-"}`),
      `  ${verdict(a11yPass)}  Lighthouse accessibility ${p.path} = ${p.accessibility ?? "n/a"}; target ${LIGHTHOUSE_ACCESSIBILITY_TARGET}` +
        (a11yPass || p.accessibility === null ? "" : `; short by ${LIGHTHOUSE_ACCESSIBILITY_TARGET - p.accessibility}; failed: ${p.failedAccessibility.join(", ") || "-"}`),
    );
  }
  return lines;
}

export function renderReport(benches: WarehouseBench[], context: ReportContext): string[] {
  const warnings = rowCountWarnings(benches);
  return [
    `Triad benchmark: demo shop at scale ${context.scale}, ${benches[0]?.metrics.length ?? 0} metrics from ${context.metricsDir}`,
    `Machine: ${context.machine}`,
    `Each step ran once. Floor queries ran after compute on the same warehouse, rows fetched into this process.`,
    ``,
    ...setupSection(benches),
    ``,
    `Compute (pipeline run: delete, compiled INSERT, run bookkeeping) vs floor (one hand-written SELECT); ratio = compute / floor`,
    ...metricSection(benches),
    `"full compute" is the whole computeMetrics call (lint, compile, definition sync and every run) over the sum of floors.`,
    ...(warnings.length > 0 ? warnings : [`Every floor query returned the same rows, with the same values, as the pipeline stored.`]),
    ...(context.web ? [``, ...webSection(context.web)] : []),
    ``,
    ...summarySection(benches),
    ...(context.web ? webSummary(context.web) : [`  (web not measured: --skip-web)`]),
  ];
}
