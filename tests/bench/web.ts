// The web half of `npm run bench`: build once when stale, serve the production
// build on each bench warehouse, time pages on loopback, size each route's
// first-load JavaScript and run Lighthouse. Servers stop by PID (SIGTERM).
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import type { BenchWarehouseKind } from "./measure";

export const HOME_PATH = "/";
export const METRIC_PATH = "/metrics/revenue?range=12m&grain=week&by=country&compare=previous";
/** Pages timed on each warehouse. */
export const TIMED_PATHS = [HOME_PATH, METRIC_PATH] as const;
/** Routes whose first-load JavaScript is sized. */
export const JS_ROUTES = ["/", "/metrics", "/metrics/revenue", "/dashboards", "/dashboards/executive"] as const;
/** Pages Lighthouse audits. */
export const LIGHTHOUSE_PATHS = [HOME_PATH, METRIC_PATH] as const;
export const REQUESTS = 200;
export const WARMUP_REQUESTS = 10;

const root = process.cwd();
const nextBin = path.join(root, "node_modules/next/dist/bin/next");
const lighthouseBin = path.join(root, "node_modules/lighthouse/cli/index.js");
const CHROME_PATH = process.env.CHROME_PATH || "/usr/bin/chromium";
const CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking";

type Log = (line: string) => void;

// ---------------------------------------------------------------- build

/** `next build` exited non-zero: nothing to serve, so the web steps are not measured. */
export class BuildFailedError extends Error {}

export interface BuildInfo {
  rebuilt: boolean;
  /** Why it was rebuilt, or that it was reused. */
  reason: string;
  ms: number;
}

const SOURCE_DIRS = ["app", "components", "lib", "public"];
const SOURCE_FILES = ["next.config.ts", "next.config.mjs", "next.config.js", "package-lock.json", "tsconfig.json", "postcss.config.mjs"];
const SKIPPED = new Set([path.join(root, "lib/db/generated"), path.join(root, "node_modules")]);

function newestMtime(dir: string): number {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  let newest = 0;
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (SKIPPED.has(full)) continue;
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full));
    else if (entry.isFile()) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** Why .next must be rebuilt (as lib/cli/start.mjs decides, plus root config files), or null when fresh. */
export function buildStaleness(): string | null {
  const buildId = path.join(root, ".next/BUILD_ID");
  if (!fs.existsSync(buildId)) return "no production build yet";
  const built = fs.statSync(buildId).mtimeMs;
  const dir = SOURCE_DIRS.find((d) => newestMtime(path.join(root, d)) > built);
  if (dir) return `${dir}/ changed since the last build`;
  const file = SOURCE_FILES.find((f) => fs.existsSync(path.join(root, f)) && fs.statSync(path.join(root, f)).mtimeMs > built);
  return file ? `${file} changed since the last build` : null;
}

export async function ensureBuild(log: Log, onCleanup: (fn: () => Promise<void>) => void): Promise<BuildInfo> {
  const stale = buildStaleness();
  if (!stale) {
    log(`[web] build: .next is up to date; reusing it`);
    return { rebuilt: false, reason: "up to date, reused", ms: 0 };
  }
  log(`[web] build: ${stale}; running next build ...`);
  const started = performance.now();
  const child = spawn(process.execPath, [nextBin, "build"], { cwd: root, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  const output: string[] = [];
  const collect = (chunk: Buffer) => output.push(...chunk.toString().split("\n"));
  child.stdout!.on("data", collect);
  child.stderr!.on("data", collect);
  const exited = exitOf(child);
  onCleanup(() => stopProcess(child, exited));
  const { code, signal } = await exited;
  if (code !== 0) {
    // The errors, not Turbopack's warnings after them; the tail when none is recognisable.
    const plain = output.map((l) => l.replace(/\u001b\[[0-9;]*m/g, "").trimEnd()).filter((l) => l.trim() !== "");
    const errors = plain.filter((l) => /error|failed|✗|⨯/i.test(l));
    throw new BuildFailedError(
      `next build failed (${signal ? `killed by ${signal}` : `exit code ${code}`}) after ${((performance.now() - started) / 1000).toFixed(1)} s (${stale}):\n` +
        (errors.length > 0 ? errors.slice(0, 20) : plain.slice(-20)).map((l) => `    ${l}`).join("\n"),
    );
  }
  const ms = performance.now() - started;
  log(`[web] build: done in ${(ms / 1000).toFixed(1)} s`);
  return { rebuilt: true, reason: stale, ms };
}

// ---------------------------------------------------------------- server

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

function exitOf(child: ChildProcess): Promise<Exit> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve({ code: child.exitCode, signal: child.signalCode });
    child.once("exit", (code, signal) => resolve({ code, signal }));
    child.once("error", () => resolve({ code: -1, signal: null }));
  });
}

/** SIGTERM by PID, then SIGKILL if it has not exited after the grace period. */
async function stopProcess(child: ChildProcess, exited: Promise<Exit>, graceMs = 20_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  try {
    process.kill(child.pid, "SIGTERM");
  } catch {
    return;
  }
  let timer: NodeJS.Timeout | undefined;
  const timedOut = await Promise.race([exited.then(() => false), new Promise<boolean>((r) => (timer = setTimeout(() => r(true), graceMs)))]);
  clearTimeout(timer);
  if (timedOut && child.pid !== undefined) {
    try {
      process.kill(child.pid, "SIGKILL");
    } catch {
      /* already gone */
    }
    await exited;
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      const port = typeof address === "object" && address ? address.port : 0;
      srv.close(() => (port ? resolve(port) : reject(new Error("no free port"))));
    });
  });
}

export type ServerTarget = { kind: "pglite"; dataDir: string } | { kind: "postgres"; databaseUrl: string };

/** The account the bench signs in with (made by run.ts before the server starts). */
export interface BenchCredentials {
  email: string;
  password: string;
}

export interface RunningServer {
  kind: BenchWarehouseKind;
  origin: string;
  pid: number;
  /** From spawn until the home page first answered 200 (ms). */
  readyMs: number;
  /** The signed-in session's Cookie header: every page and API route needs one. */
  cookie: string;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `next start` on a free port against the given warehouse; stopped at cleanup at the latest. */
export async function startServer(target: ServerTarget, credentials: BenchCredentials, log: Log, onCleanup: (fn: () => Promise<void>) => void): Promise<RunningServer> {
  const port = await freePort();
  // Production with DATABASE_URL refuses to start without its own secret.
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", PORT: String(port), TRIAD_AUTH_SECRET: process.env.TRIAD_AUTH_SECRET || crypto.randomBytes(32).toString("base64url") };
  delete env.DATABASE_URL;
  if (target.kind === "pglite") {
    env.TRIAD_DATA_DIR = target.dataDir;
    env.TRIAD_PGLITE_PORT = String(await freePort());
  } else {
    env.DATABASE_URL = target.databaseUrl;
  }
  const started = performance.now();
  const child = spawn(process.execPath, [nextBin, "start", "-p", String(port), "-H", "127.0.0.1"], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  const output: string[] = [];
  const collect = (chunk: Buffer) => {
    output.push(...chunk.toString().split("\n"));
    if (output.length > 200) output.splice(0, output.length - 200);
  };
  child.stdout!.on("data", collect);
  child.stderr!.on("data", collect);
  const exited = exitOf(child);
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await stopProcess(child, exited);
  };
  onCleanup(stop);
  const origin = `http://127.0.0.1:${port}`;
  log(`[${target.kind}] web: next start on ${origin} (pid ${child.pid}) ...`);

  const deadline = Date.now() + 90_000;
  let lastError = "";
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`[${target.kind}] next start exited (${child.exitCode ?? child.signalCode}) before serving:\n${output.slice(-30).join("\n")}`);
    }
    try {
      const res = await fetch(origin + HEALTH_PATH);
      await res.arrayBuffer();
      if (res.status === 200) break;
      lastError = `HTTP ${res.status}`;
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`[${target.kind}] the server did not serve ${HEALTH_PATH} with 200 within 90 s (last: ${lastError}):\n${output.slice(-30).join("\n")}`);
    }
    await sleep(250);
  }
  const readyMs = performance.now() - started;
  const cookie = await signIn(origin, credentials);
  return { kind: target.kind, origin, pid: child.pid!, readyMs, cookie, stop };
}

const HEALTH_PATH = "/api/health";

/** Signs in through the app's own endpoint and returns the session cookie as a Cookie header. */
async function signIn(origin: string, credentials: BenchCredentials): Promise<string> {
  const res = await fetch(`${origin}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin },
    body: JSON.stringify(credentials),
  });
  const body = await res.text();
  const setCookie = res.headers.getSetCookie().find((c) => c.includes("session_token="));
  if (res.status !== 200 || !setCookie) throw new Error(`bench sign-in as ${credentials.email} failed: HTTP ${res.status} ${body.slice(0, 300)}`);
  return setCookie.split(";")[0]!;
}

// ---------------------------------------------------------------- timing

export interface PageTiming {
  path: string;
  requests: number;
  /** Responses other than 200. */
  errors: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  /** Body size of the last response (bytes, uncompressed). */
  bytes: number;
}

export interface ServerTimings {
  kind: BenchWarehouseKind;
  readyMs: number;
  pages: PageTiming[];
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

async function timeOne(url: string, cookie: string): Promise<{ ms: number; status: number; bytes: number }> {
  const started = performance.now();
  const res = await fetch(url, { headers: { "accept-encoding": "identity", cookie }, redirect: "manual" });
  const body = await res.arrayBuffer();
  return { ms: performance.now() - started, status: res.status, bytes: body.byteLength };
}

/** Warm-up, then REQUESTS sequential GETs per page, each timed to the full body. */
export async function timePages(server: RunningServer, log: Log): Promise<ServerTimings> {
  const pages: PageTiming[] = [];
  for (const p of TIMED_PATHS) {
    const url = server.origin + p;
    for (let i = 0; i < WARMUP_REQUESTS; i++) await timeOne(url, server.cookie);
    const times: number[] = [];
    let errors = 0;
    let bytes = 0;
    for (let i = 0; i < REQUESTS; i++) {
      const r = await timeOne(url, server.cookie);
      times.push(r.ms);
      if (r.status !== 200) errors++;
      bytes = r.bytes;
    }
    times.sort((a, b) => a - b);
    const timing = { path: p, requests: REQUESTS, errors, p50Ms: percentile(times, 50), p95Ms: percentile(times, 95), maxMs: times[times.length - 1]!, bytes };
    log(`[${server.kind}]   ${p}: p50 ${timing.p50Ms.toFixed(1)} ms, p95 ${timing.p95Ms.toFixed(1)} ms, max ${timing.maxMs.toFixed(1)} ms${errors ? `, ${errors} non-200` : ""}`);
    pages.push(timing);
  }
  return { kind: server.kind, readyMs: server.readyMs, pages };
}

// ---------------------------------------------------------------- first-load JS

export interface ChunkSize {
  src: string;
  gzipBytes: number;
}

export interface RouteJs {
  route: string;
  status: number;
  scripts: number;
  rawBytes: number;
  gzipBytes: number;
  /** Largest chunks first. */
  chunks: ChunkSize[];
  /** <script noModule> left out (not loaded by module-capable browsers). */
  noModule: string[];
}

/**
 * Every /_next/static/**.js the HTML loads: <script src>, script preloads, and
 * the client-reference chunks named in the inline RSC payload (hydration loads them).
 */
export function scriptSources(html: string): string[] {
  const found = new Set<string>();
  for (const m of html.matchAll(/\/_next\/static\/[^"'\\\s?<>]+?\.js\b/g)) found.add(m[0]);
  for (const src of noModuleSources(html)) found.delete(src);
  return [...found];
}

/** <script noModule> (Next's legacy polyfills): browsers with ES modules never fetch them. */
export function noModuleSources(html: string): string[] {
  const found = new Set<string>();
  for (const m of html.matchAll(/<script\b[^>]*>/gi)) {
    if (!/\bnomodule\b/i.test(m[0])) continue;
    const src = /\bsrc="([^"?]+)/.exec(m[0])?.[1];
    if (src) found.add(src);
  }
  return [...found];
}

/** Fetches each route's HTML, then each script it loads; gzip level 9, summed per route. */
export async function measureFirstLoadJs(server: RunningServer, log: Log): Promise<RouteJs[]> {
  const gzipCache = new Map<string, { raw: number; gzip: number }>();
  const results: RouteJs[] = [];
  for (const route of JS_ROUTES) {
    const res = await fetch(server.origin + route, { headers: { cookie: server.cookie }, redirect: "manual" });
    const html = await res.text();
    const sources = scriptSources(html);
    const skipped = noModuleSources(html);
    const chunks: ChunkSize[] = [];
    let rawBytes = 0;
    for (const src of sources) {
      let size = gzipCache.get(src);
      if (!size) {
        const js = await fetch(server.origin + src, { headers: { "accept-encoding": "identity" } });
        if (js.status !== 200) throw new Error(`${route}: ${src} answered HTTP ${js.status}`);
        const buf = Buffer.from(await js.arrayBuffer());
        size = { raw: buf.byteLength, gzip: zlib.gzipSync(buf, { level: 9 }).byteLength };
        gzipCache.set(src, size);
      }
      rawBytes += size.raw;
      chunks.push({ src, gzipBytes: size.gzip });
    }
    chunks.sort((a, b) => b.gzipBytes - a.gzipBytes);
    const gzipBytes = chunks.reduce((s, c) => s + c.gzipBytes, 0);
    log(`[web]   ${route}: ${sources.length} scripts, ${(gzipBytes / 1000).toFixed(1)} kB gzip`);
    results.push({ route, status: res.status, scripts: sources.length, rawBytes, gzipBytes, chunks, noModule: skipped });
  }
  return results;
}

// ---------------------------------------------------------------- Lighthouse

export interface LighthouseResult {
  path: string;
  /** 0-100, null when Lighthouse could not score it. */
  performance: number | null;
  accessibility: number | null;
  fcpMs: number | null;
  lcpMs: number | null;
  tbtMs: number | null;
  cls: number | null;
  speedIndexMs: number | null;
  /** Accessibility audits that failed, by id. */
  failedAccessibility: string[];
  /** Performance audits scoring below 0.9, by id with score. */
  weakPerformance: string[];
  runtimeError?: string;
}

export interface LighthouseRun {
  against: BenchWarehouseKind;
  version: string;
  pages: LighthouseResult[];
}

interface LhAudit {
  id: string;
  score: number | null;
  scoreDisplayMode?: string;
  numericValue?: number;
}
interface LhReport {
  lighthouseVersion?: string;
  runtimeError?: { message?: string };
  categories: Record<string, { score: number | null; auditRefs: { id: string; weight: number }[] } | undefined>;
  audits: Record<string, LhAudit | undefined>;
}

function runLighthouseCli(url: string, cookie: string, outputPath: string, onCleanup: (fn: () => Promise<void>) => void): Promise<void> {
  const args = [
    lighthouseBin,
    url,
    "--preset=desktop",
    "--only-categories=performance,accessibility",
    "--output=json",
    `--output-path=${outputPath}`,
    `--chrome-flags=${CHROME_FLAGS}`,
    `--extra-headers=${JSON.stringify({ Cookie: cookie })}`,
    "--quiet",
  ];
  const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, CHROME_PATH }, stdio: ["ignore", "pipe", "pipe"] });
  const output: string[] = [];
  child.stdout!.on("data", (c: Buffer) => output.push(c.toString()));
  child.stderr!.on("data", (c: Buffer) => output.push(c.toString()));
  const exited = exitOf(child);
  onCleanup(() => stopProcess(child, exited, 5_000));
  return exited.then(({ code, signal }) => {
    if (code !== 0) throw new Error(`lighthouse ${url} failed (${signal ?? `exit code ${code}`}):\n${output.join("").slice(-3000)}`);
  });
}

const num = (a: LhAudit | undefined) => (a && typeof a.numericValue === "number" ? a.numericValue : null);
const score100 = (s: number | null | undefined) => (typeof s === "number" ? Math.round(s * 100) : null);

export async function runLighthouse(server: RunningServer, log: Log, onCleanup: (fn: () => Promise<void>) => void): Promise<LighthouseRun> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "triad-bench-lighthouse-"));
  onCleanup(async () => fs.rmSync(dir, { recursive: true, force: true }));
  const pages: LighthouseResult[] = [];
  let version = "unknown";
  for (const [i, p] of LIGHTHOUSE_PATHS.entries()) {
    log(`[${server.kind}] lighthouse ${p} ...`);
    const out = path.join(dir, `report-${i}.json`);
    await runLighthouseCli(server.origin + p, server.cookie, out, onCleanup);
    const report = JSON.parse(fs.readFileSync(out, "utf8")) as LhReport;
    version = report.lighthouseVersion ?? version;
    const perf = report.categories.performance;
    const a11y = report.categories.accessibility;
    const failedAccessibility = (a11y?.auditRefs ?? [])
      .filter((ref) => report.audits[ref.id]?.scoreDisplayMode === "binary" && report.audits[ref.id]?.score === 0)
      .map((ref) => (ref.weight > 0 ? ref.id : `${ref.id} (weight 0, not scored)`));
    const weakPerformance = (perf?.auditRefs ?? [])
      .filter((ref) => ref.weight > 0)
      .map((ref) => report.audits[ref.id])
      .filter((a): a is LhAudit => !!a && typeof a.score === "number" && a.score < 0.9)
      .map((a) => `${a.id} ${a.score!.toFixed(2)}`);
    const result: LighthouseResult = {
      path: p,
      performance: score100(perf?.score),
      accessibility: score100(a11y?.score),
      fcpMs: num(report.audits["first-contentful-paint"]),
      lcpMs: num(report.audits["largest-contentful-paint"]),
      tbtMs: num(report.audits["total-blocking-time"]),
      cls: num(report.audits["cumulative-layout-shift"]),
      speedIndexMs: num(report.audits["speed-index"]),
      failedAccessibility,
      weakPerformance,
      runtimeError: report.runtimeError?.message,
    };
    log(`[${server.kind}]   ${p}: performance ${result.performance ?? "n/a"}, accessibility ${result.accessibility ?? "n/a"}`);
    pages.push(result);
  }
  return { against: server.kind, version, pages };
}

// ---------------------------------------------------------------- all of it

export interface WebBench {
  build: BuildInfo;
  /** Set when next build failed: no web numbers, and the bench exits 1. */
  buildError?: string;
  servers: ServerTimings[];
  firstLoadJs: RouteJs[] | null;
  /** Measured on which warehouse's server (the build is the same for both). */
  firstLoadJsAgainst: BenchWarehouseKind | null;
  lighthouse: LighthouseRun | null;
}
