import "server-only";
import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { SqlExecutor, Warehouse } from "@/lib/db";
import { appendAuditEntries, appendAuditEntriesNow } from "@/lib/audit/append-audit-entry";
import { listMigrationFiles } from "@/lib/db/migrate";
import { recordLineage } from "@/lib/lineage/record-lineage";
import { codeVersion } from "@/lib/pipeline/code-version";
import { columnTypeOfSql, fits, SQL_TYPES, widen, type ColumnType } from "./column-types";
import { openCsvSource } from "./csv-reader";
import { quoteIdent, sanitizeColumnNames, tableNameProblem } from "./identifiers";
import { ImportInputError } from "./import-error";
import { openParquetSource } from "./parquet-reader";
import type { TabularSource } from "./tabular-source";

export const IMPORT_ACTOR = "triad-import";
const REJECTED_SAMPLE = 20;

export interface ImportOptions {
  file: string;
  table: string;
  mode?: "replace" | "append";
  /** One of , ; tab | (or any one character); detected from the header when omitted. */
  delimiter?: string;
  skipBadRows?: boolean;
  /** Rows per INSERT statement. */
  batchSize?: number;
}

export interface ImportColumn {
  header: string;
  name: string;
  /** The type values are checked against; null when PostgreSQL casts them unchecked (an appended column of another type). */
  type: ColumnType | null;
  sqlType: string;
}

export interface ImportResult {
  runId: string;
  file: string;
  format: "csv" | "parquet";
  delimiter?: string;
  table: string;
  mode: "create" | "replace" | "append";
  size: number;
  sha256: string;
  rowsRead: number;
  rowsLoaded: number;
  rowsRejected: number;
  /** The first rejected lines (CSV) or rows (Parquet). */
  rejectedLines: number[];
  unit: "line" | "row";
  columns: ImportColumn[];
  ms: number;
}

/** The import failed after its run was recorded: the run keeps the error. */
export class ImportFailedError extends Error {
  constructor(
    message: string,
    readonly runId: string,
    readonly line?: number,
  ) {
    super(message);
    this.name = "ImportFailedError";
  }
}

export function formatOf(file: string): "csv" | "parquet" {
  const ext = path.extname(file).toLowerCase();
  if ([".csv", ".tsv", ".txt"].includes(ext)) return "csv";
  if ([".parquet", ".pq"].includes(ext)) return "parquet";
  throw new ImportInputError(
    `${file}: unknown file type '${ext || "(no extension)"}': import reads .csv, .tsv, .txt (delimited text) or .parquet`,
  );
}

/** Tables the migrations create: never overwritten by an import. */
function triadTables(): Set<string> {
  return new Set(
    listMigrationFiles()
      .flatMap((m) =>
        [...m.sql.matchAll(/CREATE TABLE (?:IF NOT EXISTS )?"([^"]+)"/g)].map((x) => x[1]!),
      )
      .concat("_prisma_migrations"),
  );
}

function sha256Of(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash("sha256");
    fs.createReadStream(file)
      .on("data", (chunk) => hash.update(chunk))
      .on("end", () => resolve(hash.digest("hex")))
      .on("error", reject);
  });
}

async function existingColumns(
  sql: SqlExecutor,
  table: string,
): Promise<{ schema: string; columns: Map<string, string> | null }> {
  const rows = await sql.query<{
    schema: string;
    column_name: string | null;
    data_type: string | null;
  }>(
    `SELECT current_schema() AS schema, c.column_name, c.data_type
     FROM (SELECT 1) one LEFT JOIN information_schema.columns c ON c.table_schema = current_schema() AND c.table_name = $1
     ORDER BY c.ordinal_position`,
    [table],
  );
  const schema = rows[0]?.schema ?? "public";
  const present = rows.filter((r) => r.column_name !== null);
  return {
    schema,
    columns: present.length ? new Map(present.map((r) => [r.column_name!, r.data_type!])) : null,
  };
}

/** First pass: column types, and (unless bad rows are skipped) the first row of the wrong width. */
async function inferTypes(
  source: TabularSource,
  file: string,
  skipBadRows: boolean,
): Promise<ColumnType[]> {
  const width = source.header.length;
  const types: (ColumnType | null)[] = source.header.map(() => null);
  for await (const row of source.rows()) {
    if (row.values.length !== width) {
      if (skipBadRows) continue;
      throw new ImportInputError(
        `${file}:${row.line}: expected ${width} fields as in the header, found ${row.values.length}`,
        row.line,
      );
    }
    for (let c = 0; c < width; c++) {
      const v = row.values[c];
      if (v !== null && v !== undefined && types[c] !== "text") types[c] = widen(types[c]!, v);
    }
  }
  return types.map((t) => t ?? "text");
}

function plan(
  header: readonly string[],
  names: readonly string[],
  inferred: readonly ColumnType[],
  existing: Map<string, string> | null,
  table: string,
): ImportColumn[] {
  if (!existing)
    return names.map((name, i) => ({
      header: header[i]!,
      name,
      type: inferred[i]!,
      sqlType: SQL_TYPES[inferred[i]!],
    }));
  const missing = [...existing.keys()].filter((c) => !names.includes(c));
  const extra = names.filter((n) => !existing.has(n));
  if (extra.length)
    throw new ImportInputError(
      `cannot append: column '${extra[0]}' of the file is not a column of table '${table}' (its columns: ${[...existing.keys()].join(", ")})`,
    );
  if (missing.length)
    throw new ImportInputError(
      `cannot append: column '${missing[0]}' of table '${table}' is not in the file`,
    );
  return names.map((name, i) => {
    const dataType = existing.get(name)!;
    return { header: header[i]!, name, type: columnTypeOfSql(dataType), sqlType: dataType };
  });
}

function insertSql(table: string, columns: readonly ImportColumn[]): string {
  const casts = columns.map(
    (c, i) => `(e->>${i})::${c.sqlType === "timestamptz" ? "timestamptz" : c.sqlType}`,
  );
  return `INSERT INTO ${quoteIdent(table)} (${columns.map((c) => quoteIdent(c.name)).join(", ")}) SELECT ${casts.join(", ")} FROM json_array_elements($1::json) AS e`;
}

interface LoadCounts {
  rowsRead: number;
  rowsLoaded: number;
  rowsRejected: number;
  rejectedLines: number[];
}

/** Second pass: checks every value and inserts batches inside tx. */
async function load(
  tx: SqlExecutor,
  source: TabularSource,
  file: string,
  table: string,
  columns: readonly ImportColumn[],
  options: ImportOptions,
): Promise<LoadCounts> {
  const counts: LoadCounts = { rowsRead: 0, rowsLoaded: 0, rowsRejected: 0, rejectedLines: [] };
  const statement = insertSql(table, columns);
  const batchSize = options.batchSize ?? 5000;
  let batch: (string | null)[][] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    await tx.query(statement, [JSON.stringify(batch)]);
    counts.rowsLoaded += batch.length;
    batch = [];
  };
  const reject = (line: number, why: string) => {
    if (!options.skipBadRows) throw new ImportInputError(`${file}:${line}: ${why}`, line);
    counts.rowsRejected++;
    if (counts.rejectedLines.length < REJECTED_SAMPLE) counts.rejectedLines.push(line);
  };
  const unit = source.unit === "row" ? "row " : "";
  for await (const row of source.rows()) {
    counts.rowsRead++;
    if (row.values.length !== columns.length) {
      reject(
        row.line,
        `${unit}expected ${columns.length} fields as in the header, found ${row.values.length}`,
      );
      continue;
    }
    const bad = columns.findIndex((c, i) => {
      const v = row.values[i];
      return c.type !== null && v !== null && v !== undefined && !fits(c.type, v);
    });
    if (bad !== -1) {
      const c = columns[bad]!;
      const v = row.values[bad]!;
      reject(
        row.line,
        `${unit}column '${c.name}' (${c.sqlType}): '${v.length > 40 ? `${v.slice(0, 40)}…` : v}' is not a ${c.type}`,
      );
      continue;
    }
    batch.push(row.values);
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  return counts;
}

/**
 * Imports a CSV or Parquet file into a warehouse table: types inferred in a
 * first streaming pass, rows loaded in a second, in one transaction, so a
 * failure leaves the table as it was. Recorded as an import_run with a
 * file -> table lineage edge and an audit entry, whether it succeeds or fails.
 */
export async function importFile(wh: Warehouse, options: ImportOptions): Promise<ImportResult> {
  const started = Date.now();
  const file = path.resolve(options.file);
  const problem = tableNameProblem(options.table);
  if (problem) throw new ImportInputError(`--table: ${problem}`);
  if (triadTables().has(options.table))
    throw new ImportInputError(
      `--table: '${options.table}' is one of Triad's own tables; choose another name`,
    );
  if (options.delimiter !== undefined && [...options.delimiter].length !== 1)
    throw new ImportInputError(`--delimiter: must be one character, got '${options.delimiter}'`);
  if (!fs.existsSync(file) || !fs.statSync(file).isFile())
    throw new ImportInputError(`${options.file}: no such file`);
  const format = formatOf(file);
  const size = fs.statSync(file).size;
  const table = options.table;

  const runId = randomUUID();
  const startedAt = new Date();
  await wh.sql.query(
    `INSERT INTO import_run (id, file_path, file_size, sha256, table_name, mode, format, rejected_lines, columns, status, started_at, code_version)
     VALUES ($1, $2, $3, '', $4, $5, $6, '[]'::jsonb, '[]'::jsonb, 'running', $7, $8)`,
    [runId, file, size, table, options.mode ?? "create", format, startedAt, codeVersion()],
  );

  let sha256 = "";
  try {
    if (size === 0) throw new ImportInputError(`${file}: the file is empty`);
    const hashing = sha256Of(file);
    const source =
      format === "csv"
        ? await openCsvSource(file, options.delimiter)
        : await openParquetSource(file);
    const names = sanitizeColumnNames(source.header);
    const { schema, columns: existing } = await existingColumns(wh.sql, table);
    if (existing && !options.mode)
      throw new ImportInputError(
        `table '${table}' already exists: choose --replace to drop and recreate it, or --append to add the rows to it`,
      );
    const mode: ImportResult["mode"] = !existing ? "create" : options.mode!;
    const [inferred, digest] = await Promise.all([
      inferTypes(source, file, options.skipBadRows ?? false),
      hashing,
    ]);
    sha256 = digest;
    const columns = plan(
      source.header,
      names,
      inferred,
      mode === "append" ? existing : null,
      table,
    );

    const counts = await wh.sql.transaction(async (tx) => {
      if (mode === "replace") await tx.query(`DROP TABLE ${quoteIdent(table)}`);
      if (mode !== "append")
        await tx.query(
          `CREATE TABLE ${quoteIdent(table)} (${columns.map((c) => `${quoteIdent(c.name)} ${c.sqlType}`).join(", ")})`,
        );
      const counts = await load(tx, source, file, table, columns, options);
      await tx.query(
        `UPDATE import_run SET sha256 = $2, mode = $3, rows_read = $4, rows_loaded = $5, rows_rejected = $6, rejected_lines = $7::jsonb, columns = $8::jsonb, status = 'succeeded', finished_at = now() WHERE id = $1`,
        [
          runId,
          sha256,
          mode,
          counts.rowsRead,
          counts.rowsLoaded,
          counts.rowsRejected,
          JSON.stringify(counts.rejectedLines),
          JSON.stringify(columns),
        ],
      );
      await recordLineage(tx, runId, [
        {
          fromKind: "file",
          fromName: file,
          toKind: "table",
          toName: `${schema}.${table}`,
          columns: columns.map((c) => c.name),
        },
      ]);
      await appendAuditEntries(tx, [
        {
          actor: IMPORT_ACTOR,
          action: "import.succeeded",
          entityType: "table",
          entityId: `${schema}.${table}`,
          detail: {
            importRunId: runId,
            file,
            size,
            sha256,
            mode,
            rowsRead: counts.rowsRead,
            rowsLoaded: counts.rowsLoaded,
            rowsRejected: counts.rowsRejected,
          },
        },
      ]);
      return counts;
    });
    return {
      runId,
      file,
      format,
      delimiter: source.delimiter,
      table,
      mode,
      size,
      sha256,
      unit: source.unit,
      columns,
      ...counts,
      ms: Date.now() - started,
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const line = error instanceof ImportInputError ? error.line : undefined;
    await wh.sql.query(
      `UPDATE import_run SET sha256 = $2, status = 'failed', error = $3, rejected_lines = $4::jsonb, finished_at = now() WHERE id = $1`,
      [runId, sha256, message, JSON.stringify(line ? [line] : [])],
    );
    await appendAuditEntriesNow(wh.sql, [
      {
        actor: IMPORT_ACTOR,
        action: "import.failed",
        entityType: "table",
        entityId: table,
        detail: { importRunId: runId, file, size, error: message },
      },
    ]);
    throw new ImportFailedError(message, runId, line);
  }
}
