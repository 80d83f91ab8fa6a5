// `npm run bench`: migrate, seed, compute and the hand-written floor, timed on
// fresh PGlite and PostgreSQL warehouses in one run. Benchmarks report, they do
// not gate: a missed target still exits 0; only an error exits non-zero.
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { DEFAULT_SEED_SCALE } from "@/lib/demo/seed";
import { benchWarehouse, type BenchWarehouseKind, type WarehouseBench } from "./measure";
import { renderReport } from "./report";

const USAGE = `Usage: npm run bench -- [--warehouse pglite|postgres] [--scale N]

Times migrate, seed, compute and the hand-written floor queries on a fresh
PGlite folder and a fresh PostgreSQL database (TRIAD_TEST_PG_URL, default
postgresql://postgres@127.0.0.1:5432/postgres), both by default.`;

const benchArgsSchema = z.object({
  warehouse: z.enum(["pglite", "postgres"]).optional(),
  scale: z.coerce.number().int().min(1_000, "must be at least 1000").optional(),
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

async function main(argv: string[]): Promise<number> {
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: { warehouse: { type: "string" }, scale: { type: "string" }, help: { type: "boolean", short: "h" } },
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
  // One warehouse at a time, so neither competes with the other for CPU.
  for (const kind of kinds) {
    try {
      benches.push(await benchWarehouse(kind, { metricsDir, scale, log, onCleanup: (fn) => cleanups.push(fn) }));
    } finally {
      await cleanUp();
    }
  }
  log("");
  for (const line of renderReport(benches, {
    scale: scale ? `${scale.toLocaleString("en-US")} source rows` : `${DEFAULT_SEED_SCALE.toLocaleString("en-US")} source rows (default)`,
    metricsDir: path.relative(process.cwd(), metricsDir) + "/",
    machine: describeMachine(loadBefore, os.loadavg()[0]!),
  })) {
    log(line);
  }
  return 0;
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
