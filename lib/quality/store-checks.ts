import "server-only";
import { randomUUID } from "node:crypto";
import type { SqlExecutor } from "@/lib/db";
import type { NewQualityCheck } from "./check-schema";

/** Stores checks and returns their ids, in order. */
export async function storeQualityChecks(tx: SqlExecutor, computeId: string, checks: readonly NewQualityCheck[], at = new Date()): Promise<string[]> {
  const ids: string[] = [];
  for (const c of checks) {
    const id = randomUUID();
    await tx.query(
      `INSERT INTO quality_check (id, compute_id, node_kind, node_name, check_name, status, column_name, expected, actual, message, detail, checked_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12)`,
      [id, computeId, c.nodeKind, c.nodeName, c.check, c.status, c.column, c.expected, c.actual, c.message, JSON.stringify(c.detail), at],
    );
    ids.push(id);
  }
  return ids;
}

export async function linkChecksToRun(tx: SqlExecutor, runId: string, checkIds: readonly string[]): Promise<void> {
  if (checkIds.length === 0) return;
  await tx.query(`INSERT INTO run_quality_check (run_id, check_id) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING`, [runId, `{${checkIds.join(",")}}`]);
}
