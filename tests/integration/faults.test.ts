// Faults, on PostgreSQL only (PGlite runs inside the process it serves):
// (a) `triad compute` killed with SIGKILL at several points leaves every
//     metric's stored points whole, from one succeeded run each, matching the
//     source rows, and the next compute completes;
// (b) PostgreSQL stopped and restarted while route handlers are being called:
//     503 warehouse_unavailable with Retry-After while it is down (never a 500,
//     never a crash), 200 again once it is back, without reopening the warehouse.
// (b) runs its own throwaway cluster (Debian's pg_createcluster as root, else
//     initdb/pg_ctl), never the shared one on 5432; it is skipped, saying why,
//     when neither tool set is available.
import { execFile, execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as getCatalogRoute } from "@/app/api/metrics/route";
import { GET as getSeriesRoute } from "@/app/api/metrics/[key]/series/route";
import { GET as getHealthRoute } from "@/app/api/health/route";
import { GET as getRunsRoute } from "@/app/api/runs/route";
import type { Warehouse } from "@/lib/db";
import { migrateWarehouse } from "@/lib/db/migrate";
import { openWarehouse } from "@/lib/db/warehouse";
import { seedDemoShop } from "@/lib/demo/seed";
import { computeMetrics } from "@/lib/pipeline/compute";
import { INTERRUPTED_RUN_ERROR } from "@/lib/pipeline/compute-lease";
import { verifyMetrics } from "@/lib/verify/verify-points";
import { sessionCookie } from "../support/auth";
import { createTestDatabase, type TestDatabase } from "../support/postgres";

const state = vi.hoisted(() => ({ wh: undefined as Warehouse | undefined }));

vi.mock("@/lib/db", () => ({
  getWarehouse: async () => {
    if (!state.wh) throw new Error("no test warehouse");
    return state.wh;
  },
}));

const METRICS_DIR = path.resolve("metrics");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------- (a) SIGKILL during compute

interface ComputeProcess {
  code: number | null;
  signal: NodeJS.Signals | null;
  ms: number;
  stdout: string;
  /** ms after spawn of each `ok`/`FAILED` metric line. */
  metricLines: number[];
}

/** When to SIGKILL: delayMs after the afterLines-th metric line (0: after spawn). */
interface KillPoint {
  afterLines: number;
  delayMs: number;
}

/** `triad compute` as a user runs it; killed with SIGKILL at the kill point when given. */
function runCompute(databaseUrl: string, kill?: KillPoint, args: readonly string[] = []): Promise<ComputeProcess> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: databaseUrl, TRIAD_METRICS_DIR: METRICS_DIR };
  delete env.TRIAD_ALERT_WEBHOOK_URL;
  const started = performance.now();
  // tsx as a loader, not its CLI: the CLI runs the script in a child process, which a SIGKILL of the CLI would orphan.
  const child = spawn(process.execPath, ["--import", "tsx", "--conditions=react-server", "lib/cli/main.ts", "compute", ...args], {
    cwd: process.cwd(),
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  const metricLines: number[] = [];
  let timer: NodeJS.Timeout | undefined;
  const armKill = () => {
    timer = setTimeout(() => child.pid !== undefined && child.exitCode === null && process.kill(child.pid, "SIGKILL"), kill!.delayMs);
  };
  if (kill?.afterLines === 0) armKill();
  child.stdout.on("data", (chunk: Buffer) => {
    const text = chunk.toString();
    stdout += text;
    for (const line of text.split("\n"))
      if (/^\s+(ok|FAILED)\s/.test(line)) {
        metricLines.push(performance.now() - started);
        if (kill && metricLines.length === kill.afterLines) armKill();
      }
  });
  child.stderr.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  return new Promise((resolve) => {
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, ms: performance.now() - started, stdout, metricLines });
    });
  });
}

interface StoredState {
  /** Per metric: points, distinct runs behind them, whether that run succeeded, and a checksum of the values. */
  metrics: Map<string, { points: number; runs: number; runSucceeded: boolean; checksum: string }>;
  runningRuns: number;
}

async function storedState(wh: Warehouse): Promise<StoredState> {
  const rows = await wh.sql.query<{ metric_key: string; points: number; runs: number; succeeded: number; checksum: string }>(
    `SELECT v.metric_key, count(*)::int AS points, count(DISTINCT v.run_id)::int AS runs,
            count(DISTINCT v.run_id) FILTER (WHERE r.status = 'succeeded')::int AS succeeded,
            md5(string_agg(concat_ws('|', v.grain, v.period, v.dimension, v.dimension_value, v.value), ',' ORDER BY v.grain, v.period, v.dimension, v.dimension_value)) AS checksum
       FROM metric_value v LEFT JOIN metric_run r ON r.id = v.run_id
      GROUP BY v.metric_key ORDER BY v.metric_key`,
  );
  const [running] = await wh.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM metric_run WHERE status = 'running'`);
  return {
    metrics: new Map(rows.map((r) => [r.metric_key, { points: r.points, runs: r.runs, runSucceeded: r.succeeded === r.runs, checksum: r.checksum }])),
    runningRuns: running?.n ?? 0,
  };
}

describe("compute killed with SIGKILL on PostgreSQL", () => {
  let database: TestDatabase;
  let baseline: StoredState;
  let full: ComputeProcess;
  let incremental: ComputeProcess;
  const kills: { where: string; metricsDone: number; left: StoredState; verified: number }[] = [];

  beforeAll(async () => {
    database = await createTestDatabase("faults_kill");
    const wh = await openWarehouse({ databaseUrl: database.url, poolSize: 2 });
    try {
      await migrateWarehouse(wh.sql);
      await seedDemoShop(wh.sql, { scale: 30_000 });
      const first = await computeMetrics(wh, { metricsDir: METRICS_DIR });
      expect(first.filter((r) => r.status !== "succeeded")).toEqual([]);
      baseline = await storedState(wh);
    } finally {
      await wh.close();
    }
    // A full compute by the CLI, timed, so the kills land early, midway and late;
    // and an incremental one (the default), timed for the kill inside it.
    full = await runCompute(database.url, undefined, ["--full"]);
    expect(full.code, full.stdout).toBe(0);
    incremental = await runCompute(database.url);
    expect(incremental.code, incremental.stdout).toBe(0);
  });
  afterAll(() => database?.drop());

  it("leaves every metric's points whole and correct, whenever it is killed", async () => {
    expect(baseline.metrics.size).toBeGreaterThanOrEqual(10);
    // Placed from the timed run's metric lines, relative to the line the kill
    // follows (the machine's speed varies): right after start, inside the slowest
    // metric's transaction, inside the last metric's, and after the metrics (alerts).
    const lines = full.metricLines;
    expect(lines.length).toBe(baseline.metrics.size);
    const gaps = lines.slice(1).map((t, i) => ({ from: lines[i]!, to: t }));
    const slowest = gaps.reduce((a, b) => (b.to - b.from > a.to - a.from ? b : a));
    const last = gaps[gaps.length - 1]!;
    const inc = incremental.metricLines;
    const killPoints: (KillPoint & { args: string[] })[] = [
      // Right after start: the CLI is still loading, or syncing definitions.
      { args: ["--full"], afterLines: 0, delayMs: Math.min(1_000, lines[0]! / 4) },
      { args: ["--full"], afterLines: lines.indexOf(slowest.from) + 1, delayMs: (slowest.to - slowest.from) / 2 },
      { args: ["--full"], afterLines: lines.length - 1, delayMs: (last.to - last.from) / 2 },
      { args: ["--full"], afterLines: lines.length, delayMs: 20 },
      // Midway through an incremental compute.
      { args: [], afterLines: Math.floor(inc.length / 2), delayMs: ((inc[Math.floor(inc.length / 2)] ?? 0) - (inc[Math.floor(inc.length / 2) - 1] ?? 0)) / 2 },
    ];
    for (const point of killPoints) {
      const where = `compute ${point.args.join(" ") || "(incremental)"} ${Math.round(point.delayMs)} ms after metric line ${point.afterLines}`;
      const killed = await runCompute(database.url, point, point.args);
      if (killed.signal !== "SIGKILL") {
        // The machine ran it faster than the timed run: nothing was interrupted, so nothing to check here.
        console.warn(`compute finished (exit ${killed.code}) before the kill ${where}`);
        expect(killed.code, killed.stdout).toBe(0);
      }
      const wh = await openWarehouse({ databaseUrl: database.url, poolSize: 2 });
      try {
        const left = await storedState(wh);
        expect([...left.metrics.keys()], `metrics with points after a kill ${where}`).toEqual([...baseline.metrics.keys()]);
        for (const [key, m] of left.metrics) {
          // All of a metric's points come from one run, and that run succeeded: no half-written metric.
          // (No source row changes here, so an incremental compute rewrites nothing and keeps that run.)
          expect(m.runs, `${key}: points from ${m.runs} runs`).toBe(1);
          expect(m.runSucceeded, `${key}: its points' run did not succeed`).toBe(true);
          // Same source rows, so the surviving values equal the first compute's, whichever run wrote them.
          expect({ points: m.points, checksum: m.checksum }, `${key} after a kill ${where}`).toEqual({ points: baseline.metrics.get(key)!.points, checksum: baseline.metrics.get(key)!.checksum });
        }
        const verified = await verifyMetrics(wh);
        const mismatches = verified.flatMap((v) => v.mismatches.map((mm) => `${v.metric} ${mm.grain} ${mm.period}: stored ${mm.stored}, now ${mm.recomputed}`));
        expect(mismatches, `verify after a kill ${where}`).toEqual([]);
        if (killed.signal === "SIGKILL") kills.push({ where, metricsDone: killed.metricLines.length, left, verified: verified.reduce((s, v) => s + v.points, 0) });
      } finally {
        await wh.close();
      }
    }
    console.log(
      [
        `compute --full by the CLI: ${Math.round(full.ms)} ms, ${baseline.metrics.size} metrics, lines at ${lines.map(Math.round).join(", ")} ms; incremental: ${Math.round(incremental.ms)} ms`,
        ...kills.map((k) => `SIGKILL ${k.where}: ${k.metricsDone} metric(s) had finished; every metric intact, ${k.verified} points verified; ${k.left.runningRuns} run(s) left 'running'`),
      ].join("\n"),
    );
    // The kills landed in different places: before any metric finished, and after some had.
    expect(kills.length).toBeGreaterThanOrEqual(3);
    expect(kills.some((k) => k.metricsDone === 0)).toBe(true);
    expect(kills.some((k) => k.metricsDone > 0 && k.metricsDone < baseline.metrics.size)).toBe(true);
  });

  it("completes the next compute after the kills", async () => {
    const next = await runCompute(database.url);
    expect(next.code, next.stdout).toBe(0);
    expect(next.stdout).not.toMatch(/FAILED/);
    const wh = await openWarehouse({ databaseUrl: database.url, poolSize: 2 });
    try {
      const after = await storedState(wh);
      // The runs the kills left 'running' were marked failed as interrupted by this compute.
      expect(after.runningRuns).toBe(0);
      const [interrupted] = await wh.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM metric_run WHERE status = 'failed' AND error = $1 AND finished_at IS NOT NULL`, [INTERRUPTED_RUN_ERROR]);
      // (A run left by one kill may still be 'running' at the next kill, when that compute died before its cleanup.)
      expect(interrupted?.n ?? 0).toBeGreaterThanOrEqual(Math.max(0, ...kills.map((k) => k.left.runningRuns)));
      for (const [key, m] of after.metrics) {
        expect(m.runs, key).toBe(1);
        expect(m.checksum, key).toBe(baseline.metrics.get(key)!.checksum);
      }
      const verified = await verifyMetrics(wh);
      expect(verified.flatMap((v) => v.mismatches)).toEqual([]);
    } finally {
      await wh.close();
    }
  });
});

// ---------------------------------------------------------------- (b) PostgreSQL stopped mid-load

const PG_BIN = "/usr/lib/postgresql/15/bin";
const CLUSTER = "triadfault";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      const port = typeof address === "object" && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

const hasFile = (file: string) => fs.existsSync(file);
const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
const debianWrappers = isRoot && hasFile("/usr/bin/pg_createcluster") && hasFile("/usr/bin/pg_ctlcluster");
const plainTools = !isRoot && hasFile(path.join(PG_BIN, "initdb")) && hasFile(path.join(PG_BIN, "pg_ctl"));
const skipReason = debianWrappers || plainTools ? null : `needs PostgreSQL 15 server tools: as root /usr/bin/pg_createcluster, otherwise ${PG_BIN}/initdb and pg_ctl`;
if (skipReason) console.warn(`faults.test.ts: skipping "PostgreSQL stopped and restarted" (${skipReason}).`);

/** A private PostgreSQL cluster on its own port, to stop and start at will. */
interface PrivateCluster {
  port: number;
  start(): Promise<void>;
  stop(): Promise<void>;
  drop(): void;
}

function run(file: string, args: string[]): void {
  execFileSync(file, args, { stdio: ["ignore", "pipe", "pipe"], timeout: 60_000 });
}

// Asynchronous, so the route handlers keep being called while PostgreSQL stops and starts.
const runAsync = (file: string, args: string[]) => promisify(execFile)(file, args, { timeout: 60_000 }).then(() => undefined);

function createCluster(port: number): PrivateCluster {
  if (debianWrappers) {
    const ctl = (action: string, ...extra: string[]) => runAsync("pg_ctlcluster", ["--skip-systemctl-redirect", "15", CLUSTER, action, ...extra]);
    // A cluster left over by an interrupted run is removed first.
    try {
      run("pg_dropcluster", ["--stop", "15", CLUSTER]);
    } catch {
      /* none left over */
    }
    run("pg_createcluster", ["15", CLUSTER, "-p", String(port), "--", "--auth=trust"]);
    return {
      port,
      start: () => ctl("start"),
      stop: () => ctl("stop", "-m", "fast"),
      drop: () => run("pg_dropcluster", ["--stop", "15", CLUSTER]),
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "triad-fault-pg-"));
  const data = path.join(dir, "data");
  run(path.join(PG_BIN, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "--no-sync"]);
  const ctl = (...args: string[]) => runAsync(path.join(PG_BIN, "pg_ctl"), ["-D", data, "-w", ...args]);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`;
  return {
    port,
    start: () => ctl("-o", options, "-l", path.join(dir, "log"), "start"),
    stop: () => ctl("-m", "fast", "stop"),
    drop: () => {
      try {
        run(path.join(PG_BIN, "pg_ctl"), ["-D", data, "-w", "-m", "immediate", "stop"]);
      } catch {
        /* already stopped */
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

interface Sample {
  /** ms since the loop began: sent, answered. */
  at: number;
  end: number;
  route: string;
  status: number;
  code?: string;
  message?: string;
  retryAfter: string | null;
  threw?: string;
}

// Signed in as the admin once the warehouse is up (beforeAll); the sessions are read from the warehouse too.
const session = { cookie: "" };
const signed = (url: string) => new Request(url, { headers: { cookie: session.cookie } });

const LOAD_ROUTES: [name: string, call: () => Promise<Response>][] = [
  ["series", () => getSeriesRoute(signed("http://127.0.0.1/api/metrics/revenue/series?grain=week&by=country"), { params: Promise.resolve({ key: "revenue" }) })],
  ["catalog", () => getCatalogRoute(signed("http://127.0.0.1/api/metrics"))],
  ["runs", () => getRunsRoute(signed("http://127.0.0.1/api/runs?pageSize=5"))],
  // What the error page asks to tell an unreachable warehouse from other failures.
  ["health", () => getHealthRoute()],
];

describe.skipIf(skipReason !== null)("PostgreSQL stopped and restarted while the routes answer", () => {
  let cluster: PrivateCluster | undefined;
  let wh: Warehouse | undefined;

  beforeAll(async () => {
    cluster = createCluster(await freePort());
    await cluster.start();
    const adminUrl = `postgresql://postgres@127.0.0.1:${cluster.port}/postgres`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE triad_fault`);
    await admin.end();
    wh = await openWarehouse({ databaseUrl: `postgresql://postgres@127.0.0.1:${cluster.port}/triad_fault`, poolSize: 4 });
    await migrateWarehouse(wh.sql);
    await seedDemoShop(wh.sql, { scale: 10_000 });
    const results = await computeMetrics(wh, { metricsDir: METRICS_DIR, only: ["revenue", "orders"], alerts: false });
    expect(results.filter((r) => r.status !== "succeeded")).toEqual([]);
    state.wh = wh;
    session.cookie = await sessionCookie("admin");
  });
  afterAll(async () => {
    state.wh = undefined;
    await wh?.close().catch(() => undefined);
    cluster?.drop();
  });

  it("answers 503 with the reason while it is down and 200 once it is back, without reopening the warehouse", async () => {
    const samples: Sample[] = [];
    const t0 = performance.now();
    let running = true;
    const crashes: unknown[] = [];
    const onCrash = (error: unknown) => crashes.push(error);
    process.on("uncaughtException", onCrash);
    process.on("unhandledRejection", onCrash);

    // Four callers in a loop, as a handful of browsers would be.
    const worker = async (offset: number) => {
      for (let i = offset; running; i++) {
        const [name, call] = LOAD_ROUTES[i % LOAD_ROUTES.length]!;
        const at = performance.now() - t0;
        try {
          const res = await call();
          const text = await res.text();
          const body = res.status === 200 ? undefined : (JSON.parse(text) as { error?: { code?: string; message?: string } });
          samples.push({ at, end: performance.now() - t0, route: name, status: res.status, code: body?.error?.code, message: body?.error?.message, retryAfter: res.headers.get("Retry-After") });
        } catch (error) {
          samples.push({ at, end: performance.now() - t0, route: name, status: -1, retryAfter: null, threw: error instanceof Error ? error.message : String(error) });
        }
        await sleep(20);
      }
    };
    const workers = [0, 1, 2, 3].map(worker);
    const since = (ms: number) => samples.filter((s) => s.at >= ms);

    await sleep(1_500);
    const stoppedAt = performance.now() - t0;
    await cluster!.stop();
    const stopDoneAt = performance.now() - t0;
    await sleep(3_000);
    const startAt = performance.now() - t0;
    await cluster!.start();
    const startedAt = performance.now() - t0;
    // Back to 200 on every route, through the same warehouse object.
    const deadline = performance.now() + 30_000;
    let recoveredAt: number | undefined;
    while (performance.now() < deadline) {
      const recent = since(startAt);
      const firstOk = recent.find((s) => s.status === 200);
      if (firstOk && recent.filter((s) => s.at >= firstOk.at).length >= 12 && recent.filter((s) => s.at >= firstOk.at).every((s) => s.status === 200)) {
        recoveredAt = firstOk.at;
        break;
      }
      await sleep(100);
    }
    await sleep(1_000);
    running = false;
    await Promise.all(workers);
    process.off("uncaughtException", onCrash);
    process.off("unhandledRejection", onCrash);

    const before = samples.filter((s) => s.end < stoppedAt);
    // Sent once the server had stopped and answered before it was started again.
    const down = samples.filter((s) => s.at >= stopDoneAt && s.end < startAt);
    const failures = samples.filter((s) => s.status !== 200);
    const timeline = [
      `requests: ${samples.length}; before the stop ${before.length} (${before.filter((s) => s.status === 200).length} x 200)`,
      `stop at ${Math.round(stoppedAt)} ms (done ${Math.round(stopDoneAt)} ms); first 503 at ${Math.round(failures[0]?.at ?? NaN)} ms`,
      `while down: ${down.length} requests, statuses ${[...new Set(down.map((s) => s.status))].join(", ")}; reasons: ${[...new Set(failures.map((s) => s.message?.match(/\(([^)]*)\)/)?.[1]))].join(" | ")}`,
      `start at ${Math.round(startAt)} ms (pg_ctl reported it up at ${Math.round(startedAt)} ms); first 200 after it at ${Math.round(recoveredAt ?? NaN)} ms`,
      `statuses overall: ${JSON.stringify(Object.fromEntries([...new Set(samples.map((s) => s.status))].map((st) => [st, samples.filter((s) => s.status === st).length])))}`,
    ];
    console.log(`PostgreSQL stop/restart under load:\n  ${timeline.join("\n  ")}`);

    expect(crashes, "uncaught errors while PostgreSQL was down").toEqual([]);
    expect(samples.filter((s) => s.threw), "route handlers threw instead of answering").toEqual([]);
    expect(before.length).toBeGreaterThan(0);
    expect(before.every((s) => s.status === 200), "not all 200 before the stop").toBe(true);
    expect(down.length, "no requests while PostgreSQL was down").toBeGreaterThan(5);
    expect(down.every((s) => s.status === 503), `statuses while down: ${down.map((s) => s.status).join(",")}`).toBe(true);
    // Every failure, including requests caught mid-flight by the shutdown, is the 503 and never a 500.
    for (const s of failures) {
      expect(s.status, `${s.route} at ${Math.round(s.at)} ms`).toBe(503);
      expect(s.code).toBe("warehouse_unavailable");
      expect(s.message).toMatch(/^The warehouse is not reachable right now \(.+\); Triad retries on the next request\.$/);
      expect(s.message).not.toMatch(/127\.0\.0\.1|postgres@|triad_fault/);
      expect(s.retryAfter).toBe("5");
    }
    expect(recoveredAt, "the routes did not answer 200 within 30 s of PostgreSQL starting again").toBeDefined();
    expect(state.wh).toBe(wh);
    expect(LOAD_ROUTES.every(([name]) => samples.some((s) => s.route === name && s.at > recoveredAt! && s.status === 200))).toBe(true);
  });
});
