// Import rate and peak memory for CSV files of growing size on PostgreSQL:
// each import runs in a child process whose peak RSS (getrusage maxRSS) is
// reported beside the file size, so memory that grew with the file would show.
// Also runnable alone: `tsx --conditions=react-server tests/bench/import-bench.ts [rows...]`.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { migrateWarehouse } from "@/lib/db/migrate";
import { openWarehouse } from "@/lib/db/warehouse";
import { importFile } from "@/lib/import/import-file";
import { createTestDatabase } from "../support/postgres";
import { formatCount, formatDuration, renderTable } from "./report";

export const IMPORT_BENCH_ROWS = [300_000, 3_000_000] as const;

export interface ImportBenchRow {
  rows: number;
  fileBytes: number;
  generateMs: number;
  importMs: number;
  rowsLoaded: number;
  peakRssBytes: number;
}

export interface ImportBench {
  rows: ImportBenchRow[];
  /** Peak RSS of a child that loads the modules and opens the warehouse, imports nothing. */
  baselineRssBytes: number;
}

const COUNTRIES = ["DE", "US", "FR", "GB", "Köln, DE", "JP", "BR", "IN"];

/** Writes a CSV of n rows, streamed with backpressure: ids, timestamps, quoted text, nulls. */
export async function writeBenchCsv(file: string, rows: number): Promise<number> {
  const out = fs.createWriteStream(file);
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, "drain");
  };
  await write("order_id,ordered_at,country,amount,paid,customer,note\n");
  const start = Date.UTC(2023, 0, 1);
  let chunk = "";
  for (let i = 0; i < rows; i++) {
    const at = new Date(start + ((i * 7919) % (730 * 86_400)) * 1000)
      .toISOString()
      .replace("T", " ")
      .slice(0, 19);
    const country = COUNTRIES[i % COUNTRIES.length]!;
    const amount = i % 13 === 0 ? "" : ((i * 37) % 100_000) / 100;
    const note = i % 50 === 0 ? `"gift, ""wrapped"""` : `n${i % 1000}`;
    chunk += `${i + 1},${at},${country.includes(",") ? `"${country}"` : country},${amount},${i % 3 !== 0},u${(i * 31) % 250_000},${note}\n`;
    if (chunk.length > 1 << 16) {
      await write(chunk);
      chunk = "";
    }
  }
  await write(chunk);
  out.end();
  await once(out, "finish");
  return fs.statSync(file).size;
}

// ----------------------------------------------------------------- the child

async function child(databaseUrl: string, file: string | undefined): Promise<void> {
  const wh = await openWarehouse({ databaseUrl, poolSize: 2 });
  try {
    const started = performance.now();
    const result = file
      ? await importFile(wh, { file, table: "bench_orders", mode: "replace" })
      : null;
    const ms = performance.now() - started;
    process.stdout.write(
      `${JSON.stringify({ ms, rowsLoaded: result?.rowsLoaded ?? 0, maxRssKb: process.resourceUsage().maxRSS })}\n`,
    );
  } finally {
    await wh.close();
  }
}

function runChild(
  databaseUrl: string,
  file?: string,
): Promise<{ ms: number; rowsLoaded: number; maxRssKb: number }> {
  const self = fileURLToPath(import.meta.url);
  const tsx = path.resolve("node_modules/.bin/tsx");
  return new Promise((resolve, reject) => {
    const p = spawn(
      tsx,
      ["--conditions=react-server", self, "--child", databaseUrl, ...(file ? [file] : [])],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    let out = "";
    p.stdout.on("data", (d: Buffer) => (out += d.toString()));
    p.on("error", reject);
    p.on("close", (code) => {
      const last = out.trim().split("\n").pop() ?? "";
      if (code !== 0) reject(new Error(`import child exited ${code}: ${out}`));
      else resolve(JSON.parse(last) as { ms: number; rowsLoaded: number; maxRssKb: number });
    });
  });
}

export async function benchImport(
  log: (line: string) => void,
  sizes: readonly number[] = IMPORT_BENCH_ROWS,
): Promise<ImportBench> {
  const db = await createTestDatabase("import_bench");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "triad-import-bench-"));
  try {
    const wh = await openWarehouse({ databaseUrl: db.url, poolSize: 1 });
    try {
      await migrateWarehouse(wh.sql);
    } finally {
      await wh.close();
    }
    const baseline = await runChild(db.url);
    const rows: ImportBenchRow[] = [];
    for (const n of sizes) {
      const file = path.join(dir, `orders-${n}.csv`);
      const t0 = performance.now();
      log(`[import] writing a ${formatCount(n)}-row CSV ...`);
      const fileBytes = await writeBenchCsv(file, n);
      const generateMs = performance.now() - t0;
      log(`[import] importing ${(fileBytes / 1e6).toFixed(0)} MB into PostgreSQL ...`);
      const r = await runChild(db.url, file);
      rows.push({
        rows: n,
        fileBytes,
        generateMs,
        importMs: r.ms,
        rowsLoaded: r.rowsLoaded,
        peakRssBytes: r.maxRssKb * 1024,
      });
      log(
        `[import] ${formatCount(r.rowsLoaded)} rows in ${formatDuration(r.ms)}, peak RSS ${(r.maxRssKb / 1024).toFixed(0)} MB`,
      );
      fs.rmSync(file, { force: true });
    }
    return { rows, baselineRssBytes: baseline.maxRssKb * 1024 };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    await db.drop();
  }
}

const mb = (b: number) => `${(b / 1e6).toFixed(0)} MB`;

export function renderImportSection(b: ImportBench): string[] {
  const table = renderTable(
    ["CSV rows", "file", "import", "rows/s", "MB/s", "peak RSS", "over baseline"],
    b.rows.map((r) => [
      formatCount(r.rows),
      mb(r.fileBytes),
      formatDuration(r.importMs),
      formatCount(Math.round(r.rowsLoaded / (r.importMs / 1000))),
      (r.fileBytes / 1e6 / (r.importMs / 1000)).toFixed(1),
      mb(r.peakRssBytes),
      mb(r.peakRssBytes - b.baselineRssBytes),
    ]),
  );
  const [small, large] = [b.rows[0], b.rows[b.rows.length - 1]];
  const growth =
    small && large && small !== large
      ? `File ${(large.fileBytes / small.fileBytes || 0).toFixed(1)}x larger, peak RSS ${(large.peakRssBytes / small.peakRssBytes).toFixed(2)}x: memory ${large.peakRssBytes / small.peakRssBytes < 1.5 ? "does not grow with the file" : "GROWS with the file"}.`
      : "";
  return [
    "Import (PostgreSQL): `triad import` of a generated CSV (two streaming passes, one transaction, batched INSERT ... SELECT FROM json_array_elements), each in a fresh child process",
    ...table,
    `Baseline peak RSS (modules loaded, warehouse open, nothing imported): ${mb(b.baselineRssBytes)}. ${growth}`,
  ];
}

// Run alone, or as the child.
if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const [flag, ...args] = process.argv.slice(2);
  const task =
    flag === "--child"
      ? child(args[0]!, args[1])
      : benchImport(
          (l) => process.stdout.write(`${l}\n`),
          flag ? [flag, ...args].map(Number) : IMPORT_BENCH_ROWS,
        ).then((b) => {
          for (const line of ["", ...renderImportSection(b)]) process.stdout.write(`${line}\n`);
        });
  task.catch((error: unknown) => {
    process.stderr.write(
      `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  });
}
