// The load half of `npm run bench`: autocannon on 127.0.0.1 against the
// production server on PostgreSQL, 50 connections for 30 s on the series API
// and on the home page, one after the other. Targets: 0 errors, p99 under 250 ms.
import autocannon from "autocannon";
import type { RunningServer } from "./web";

export const LOAD_CONNECTIONS = 50;
export const LOAD_SECONDS = 30;
export const LOAD_TARGET_P99_MS = 250;
export const LOAD_PATHS = [
  { name: "series API", path: "/api/metrics/revenue/series?grain=week&by=country" },
  { name: "home page", path: "/" },
] as const;

export interface LoadResult {
  name: string;
  path: string;
  connections: number;
  seconds: number;
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Connection errors and timeouts plus responses other than 2xx. */
  errors: number;
  non2xx: number;
  timeouts: number;
  statusCodes: Record<string, number>;
}

export interface LoadBench {
  kind: RunningServer["kind"];
  results: LoadResult[];
}

type Log = (line: string) => void;

export async function runLoadBench(server: RunningServer, log: Log): Promise<LoadBench> {
  const results: LoadResult[] = [];
  for (const target of LOAD_PATHS) {
    log(`[${server.kind}] load: ${target.name} ${target.path}, ${LOAD_CONNECTIONS} connections for ${LOAD_SECONDS} s ...`);
    // A short warm-up, so the first compile of a route is not counted.
    // Signed in, as every page and API route requires.
    const headers = { cookie: server.cookie };
    await autocannon({ url: server.origin + target.path, headers, connections: 4, amount: 40 });
    const r = await autocannon({ url: server.origin + target.path, headers, connections: LOAD_CONNECTIONS, duration: LOAD_SECONDS, timeout: 10 });
    const statusCodes = Object.fromEntries(Object.entries(r.statusCodeStats ?? {}).map(([code, s]) => [code, s.count ?? 0]));
    const result: LoadResult = {
      name: target.name,
      path: target.path,
      connections: LOAD_CONNECTIONS,
      seconds: LOAD_SECONDS,
      requests: r.requests.total,
      requestsPerSecond: r.requests.average,
      p50Ms: r.latency.p50,
      p99Ms: r.latency.p99,
      maxMs: r.latency.max,
      errors: r.errors + r.non2xx,
      non2xx: r.non2xx,
      timeouts: r.timeouts,
      statusCodes,
    };
    log(`[${server.kind}]   ${formatLoad(result)}`);
    results.push(result);
  }
  return { kind: server.kind, results };
}

const passed = (r: LoadResult) => r.errors === 0 && r.p99Ms < LOAD_TARGET_P99_MS;

function formatLoad(r: LoadResult): string {
  return (
    `${r.name}: ${r.requestsPerSecond.toFixed(0)} req/s (${r.requests} in ${r.seconds} s), p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms, max ${r.maxMs} ms, ` +
    `${r.errors} error(s)${r.errors ? ` (${r.non2xx} non-2xx, ${r.timeouts} timeouts; statuses ${JSON.stringify(r.statusCodes)})` : ""}`
  );
}

export function renderLoadSection(loads: readonly LoadBench[], machine: string): string[] {
  if (loads.length === 0) return [];
  const lines = [`Load (autocannon on 127.0.0.1, ${LOAD_CONNECTIONS} connections for ${LOAD_SECONDS} s per target; target 0 errors and p99 < ${LOAD_TARGET_P99_MS} ms)`];
  for (const load of loads)
    for (const r of load.results) lines.push(`  ${passed(r) ? "PASS" : "MISS"}  ${load.kind.padEnd(8)} ${formatLoad(r)}`);
  lines.push(`  machine: ${machine}`);
  return lines;
}
