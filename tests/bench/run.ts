// `npm run bench`: migrate, seed, compute and the hand-written floor, timed on
// fresh PGlite and PostgreSQL warehouses in one run. Benchmarks report, they do
// not gate: a missed target still exits 0; only an error exits non-zero.
import crypto from "node:crypto";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { DEFAULT_SEED_SCALE } from "@/lib/demo/seed";
import { benchActionable, renderActionableSection, type ActionableBench } from "./actionable-bench";
import { benchSeries, renderSeriesSection, type SeriesBench } from "./series-bench";
import { auditSummary, benchAudit, renderAuditSection, type AuditBench } from "./audit-bench";
import { benchWarehouse, type BenchWarehouseKind, type WarehouseBench } from "./measure";
import { benchIncremental, renderIncrementalSection, type IncrementalBench } from "./incremental-bench";
import { benchImport, renderImportSection, type ImportBench } from "./import-bench";
import { renderLoadSection, runLoadBench, type LoadBench } from "./load-bench";
import { renderReport } from "./report";
import { BuildFailedError, ensureBuild, measureFirstLoadJs, runLighthouse, startServer, timePages, type BenchCredentials, type WebBench } from "./web";
import { createUser } from "@/lib/auth/users";
import type { Warehouse } from "@/lib/db";

const USAGE = `Usage: npm run bench -- [--warehouse pglite|postgres] [--scale N] [--skip-web] [--skip-audit] [--skip-import]

Times migrate, seed, compute and the hand-written floor queries on a fresh
PGlite folder and a fresh PostgreSQL database (TRIAD_TEST_PG_URL, default
postgresql://postgres@127.0.0.1:5432/postgres), both by default.

Unless --skip-import, on PostgreSQL: triad import of generated 300k- and 3M-row
CSV files, rows/s and peak RSS of the importing process.

Then, unless --skip-audit, on each computed warehouse in-process: the lineage
of every metric (100 calls), verifying one stored point (a sample across
metrics, MAU and ARPU included; target under 1 s on PGlite) and verifying every
point of revenue, MAU and ARPU.

Then, unless --skip-web: builds the app when .next is stale, serves it with
next start on each computed warehouse, times 200 sequential GETs of the home
and a metric page, on PostgreSQL loads the series API and the home page with
autocannon (50 connections, 30 s each), sizes each route's first-load JavaScript (gzip -9) and runs
Lighthouse (desktop; CHROME_PATH, default /usr/bin/chromium) on the first
warehouse's server (PGlite unless --warehouse postgres).`;

const benchArgsSchema = z.object({
  warehouse: z.enum(["pglite", "postgres"]).optional(),
  scale: z.coerce.number().int().min(1_000, "must be at least 1000").optional(),
  "skip-web": z.boolean().optional(),
  "skip-audit": z.boolean().optional(),
  "skip-import": z.boolean().optional(),
  help: z.boolean().optional(),
});

const log = (line: string) => process.stdout.write(`${line}\n`);

// Run in reverse order of registration: a warehouse closes before its data goes.
const cleanups: (() => Promise<void>)[] = [];
async function cleanUp(): Promise<void> {
  while (cleanups.length > 0) {
    const fn = cleanups.pop()!;
    await fn().catch((error: unknown) => process.stderr.write(`cleanup failed: ${error instanceof Error ? error.message : String(error)}\n`));
  }
}

function describeMachine(loadBefore: number, loadAfter: number): string {
  const cpus = os.cpus().length;
  const busy = Math.max(loadBefore, loadAfter) > cpus ? "; above the CPU count, so other work competed with the bench" : "";
  return `${cpus} CPU(s), Node ${process.version}, 1-minute load average ${loadBefore.toFixed(2)} at start, ${loadAfter.toFixed(2)} at end${busy}`;
}

/** An admin account for this run's requests (every page and API route needs a session). */
async function ensureBenchAccount(wh: Warehouse): Promise<BenchCredentials> {
  const credentials = { email: `bench-${crypto.randomBytes(4).toString("hex")}@triad.local`, password: crypto.randomBytes(18).toString("base64url") };
  await createUser(wh.sql, { ...credentials, name: "Bench", role: "admin", groups: [] }, "npm run bench");
  return credentials;
}

async function main(argv: string[]): Promise<number> {
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: { warehouse: { type: "string" }, scale: { type: "string" }, "skip-web": { type: "boolean" }, "skip-audit": { type: "boolean" }, "skip-import": { type: "boolean" }, help: { type: "boolean", short: "h" } },
    }));
  } catch (error) {
    log(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  const parsed = benchArgsSchema.safeParse(values);
  if (!parsed.success) {
    log(`${parsed.error.issues.map((i) => `--${i.path.join(".")}: ${i.message}`).join("\n")}\n\n${USAGE}`);
    return 2;
  }
  if (parsed.data.help) {
    log(USAGE);
    return 0;
  }
  const kinds: BenchWarehouseKind[] = parsed.data.warehouse ? [parsed.data.warehouse] : ["pglite", "postgres"];
  const metricsDir = path.resolve("metrics");
  const scale = parsed.data.scale;

  const loadBefore = os.loadavg()[0]!;
  const benches: WarehouseBench[] = [];
  const skipWeb = parsed.data["skip-web"] === true;
  const skipAudit = parsed.data["skip-audit"] === true;
  const importBench: ImportBench | null = kinds.includes("postgres") && parsed.data["skip-import"] !== true ? await benchImport(log) : null;
  const audits: AuditBench[] = [];
  const actionables: ActionableBench[] = [];
  const seriesBenches: SeriesBench[] = [];
  let web: WebBench | null = null;
  const loads: LoadBench[] = [];
  const incrementals: IncrementalBench[] = [];
  const onCleanup = (fn: () => Promise<void>) => {
    cleanups.push(fn);
  };
  // One warehouse at a time, so neither competes with the other for CPU.
  for (const kind of kinds) {
    try {
      const benched = await benchWarehouse(kind, { metricsDir, scale, log, onCleanup });
      benches.push(benched.bench);
      actionables.push(await benchActionable(kind, benched.wh, benched.bench.computeMs, log));
      seriesBenches.push(await benchSeries(kind, benched.wh, log));
      if (!skipAudit) audits.push(await benchAudit(kind, benched.wh, log));
      // Appends a day to the sources and recomputes: after the audit bench, which verifies the demo as seeded.
      incrementals.push(await benchIncremental(kind, benched.wh, metricsDir, log));
      if (!skipWeb && !web) {
        try {
          web = { build: await ensureBuild(log, onCleanup), servers: [], firstLoadJs: null, firstLoadJsAgainst: null, lighthouse: null };
        } catch (error) {
          if (!(error instanceof BuildFailedError)) throw error;
          log(`[web] ${error.message}`);
          web = { build: { rebuilt: true, reason: "failed", ms: 0 }, buildError: error.message, servers: [], firstLoadJs: null, firstLoadJsAgainst: null, lighthouse: null };
        }
      }
      if (web && !web.buildError) {
        const credentials = await ensureBenchAccount(benched.wh);
        // Only one process may open a PGlite folder: the server takes it over.
        await benched.closeWarehouse();
        const server = await startServer(benched.target, credentials, log, onCleanup);
        log(`[${kind}] web: serving after ${Math.round(server.readyMs)} ms; timing ${kind} pages ...`);
        web.servers.push(await timePages(server, log));
        if (kind === "postgres") loads.push(await runLoadBench(server, log));
        if (!web.firstLoadJs) {
          log(`[${kind}] web: first-load JavaScript per route ...`);
          web.firstLoadJs = await measureFirstLoadJs(server, log);
          web.firstLoadJsAgainst = kind;
        }
        if (!web.lighthouse) web.lighthouse = await runLighthouse(server, log, onCleanup);
        log(`[${kind}] web: stopping the server (pid ${server.pid}) ...`);
        await server.stop();
      }
    } finally {
      await cleanUp();
    }
  }
  log("");
  for (const line of renderReport(benches, {
    scale: scale ? `${scale.toLocaleString("en-US")} source rows` : `${DEFAULT_SEED_SCALE.toLocaleString("en-US")} source rows (default)`,
    metricsDir: path.relative(process.cwd(), metricsDir) + "/",
    machine: describeMachine(loadBefore, os.loadavg()[0]!),
    web,
  })) {
    log(line);
  }
  for (const line of ["", ...renderActionableSection(actionables)]) log(line);
  for (const line of ["", ...renderSeriesSection(seriesBenches)]) log(line);
  if (!skipAudit) for (const line of [``, ...renderAuditSection(audits), ``, `Audit summary`, ...auditSummary(audits)]) log(line);
  for (const line of ["", ...renderIncrementalSection(incrementals)]) log(line);
  if (importBench) for (const line of ["", ...renderImportSection(importBench)]) log(line);
  if (loads.length > 0) for (const line of ["", ...renderLoadSection(loads, describeMachine(loadBefore, os.loadavg()[0]!))]) log(line);
  // A missed target is a result; a build that failed is an error: nothing was measured.
  return web?.buildError ? 1 : 0;
}

process.once("SIGINT", () => {
  log("\nInterrupted; removing the bench warehouses ...");
  void cleanUp().finally(() => process.exit(130));
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  async (error: unknown) => {
    await cleanUp();
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
