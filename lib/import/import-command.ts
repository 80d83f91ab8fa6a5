import "server-only";
import type { Warehouse } from "@/lib/db";
import { ImportInputError } from "./import-error";
import { importFile, type ImportResult } from "./import-file";

export interface ImportCommandArgs {
  positionals: string[];
  table?: string;
  replace?: boolean;
  append?: boolean;
  delimiter?: string;
  skipBadRows?: boolean;
}

/** Checks `import FILE --table NAME` arguments; the message names what is wrong. */
export function importOptionsOf(args: ImportCommandArgs) {
  if (args.positionals.length !== 1)
    throw new ImportInputError(`'import' takes one FILE, got ${args.positionals.length}`);
  if (!args.table) throw new ImportInputError(`'import' needs --table NAME`);
  if (args.replace && args.append)
    throw new ImportInputError(`choose one of --replace and --append`);
  const delimiter = args.delimiter === "\\t" || args.delimiter === "tab" ? "\t" : args.delimiter;
  return {
    file: args.positionals[0]!,
    table: args.table,
    mode: args.replace ? ("replace" as const) : args.append ? ("append" as const) : undefined,
    delimiter,
    skipBadRows: args.skipBadRows ?? false,
  };
}

const shown = (d: string) => (d === "\t" ? "tab" : `'${d}'`);

export function describeImport(r: ImportResult): string[] {
  const lines = [
    `Imported ${r.file} (${r.format}${r.delimiter ? `, delimiter ${shown(r.delimiter)}` : ""}, ${r.size} bytes, sha256 ${r.sha256.slice(0, 12)}…) into table '${r.table}' (${r.mode}).`,
    `  ${r.rowsRead} rows read, ${r.rowsLoaded} loaded, ${r.rowsRejected} rejected in ${(r.ms / 1000).toFixed(1)} s  import run ${r.runId}`,
  ];
  if (r.rowsRejected)
    lines.push(
      `  rejected ${r.unit}s: ${r.rejectedLines.join(", ")}${r.rowsRejected > r.rejectedLines.length ? ", …" : ""}`,
    );
  lines.push("  columns:");
  for (const c of r.columns)
    lines.push(
      `    ${c.name.padEnd(24)} ${c.sqlType.padEnd(12)}${c.header !== c.name ? ` from header '${c.header}'` : ""}`,
    );
  const time = r.columns.find((c) => c.type === "timestamp" || c.type === "date");
  lines.push(
    `Metric files can now use 'table: ${r.table}'${time ? ` with 'time_column: ${time.name}'` : ""}. For freshness, row-count and key checks, describe the table in metrics/sources/<system>.yaml (key, time_column, expected_freshness_days).`,
  );
  return lines;
}

export async function runImportCommand(
  wh: Warehouse,
  args: ImportCommandArgs,
  log: (line: string) => void,
): Promise<number> {
  const result = await importFile(wh, importOptionsOf(args));
  for (const line of describeImport(result)) log(line);
  return 0;
}
