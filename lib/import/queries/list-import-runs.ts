import "server-only";
import path from "node:path";
import type { SqlExecutor } from "@/lib/db";
import { importRunSummarySchema, type ImportRunSummary } from "../import-run-schema";

const iso = (v: Date | string | null) =>
  v === null ? null : (v instanceof Date ? v : new Date(v)).toISOString();

/** The latest imports, newest first. */
export async function listImportRuns(sql: SqlExecutor, limit = 20): Promise<ImportRunSummary[]> {
  const rows = await sql.query<{
    id: string;
    file_path: string;
    file_size: number | string;
    sha256: string;
    table_name: string;
    mode: string;
    format: string;
    status: string;
    rows_read: number;
    rows_loaded: number;
    rows_rejected: number;
    rejected_lines: number[];
    error: string | null;
    started_at: Date | string;
    finished_at: Date | string | null;
  }>(`SELECT * FROM import_run ORDER BY started_at DESC LIMIT $1`, [limit]);
  return rows.map((r) =>
    importRunSummarySchema.parse({
      id: r.id,
      fileName: path.basename(r.file_path),
      filePath: r.file_path,
      fileSize: Number(r.file_size),
      sha256: r.sha256,
      table: r.table_name,
      mode: r.mode,
      format: r.format,
      status: r.status,
      rowsRead: r.rows_read,
      rowsLoaded: r.rows_loaded,
      rowsRejected: r.rows_rejected,
      rejectedLines: r.rejected_lines,
      error: r.error,
      startedAt: iso(r.started_at),
      finishedAt: iso(r.finished_at),
    }),
  );
}
