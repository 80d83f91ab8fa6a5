import "server-only";
import type { SqlClient, SqlExecutor } from "@/lib/db";
import { chainEntry, GENESIS_HASH, type ChainedAuditEntry } from "./hash-chain";

export interface NewAuditEntry {
  actor: string;
  action: string;
  entityType: string;
  entityId: string;
  detail: Record<string, unknown>;
}

// Any constant shared by every writer: appends serialise on it, so two
// writers never chain onto the same previous entry.
const AUDIT_LOCK_KEY = 7_210_424_001;

/** Appends entries inside tx, under a transaction-scoped advisory lock. */
export async function appendAuditEntries(tx: SqlExecutor, entries: readonly NewAuditEntry[]): Promise<ChainedAuditEntry[]> {
  if (entries.length === 0) return [];
  // Selects a value, not the lock function's void, which some drivers cannot read.
  await tx.query(`SELECT true AS locked FROM pg_advisory_xact_lock($1)`, [AUDIT_LOCK_KEY]);
  const [last] = await tx.query<{ seq: number; hash: string }>(`SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1`);
  let prevHash = last?.hash ?? GENESIS_HASH;
  let seq = Number(last?.seq ?? 0);
  const written: ChainedAuditEntry[] = [];
  for (const e of entries) {
    // JSON round trip: the stored jsonb must hash as the content did.
    const detail = JSON.parse(JSON.stringify(e.detail)) as Record<string, unknown>;
    const entry = chainEntry(prevHash, { seq: ++seq, at: new Date().toISOString(), actor: e.actor, action: e.action, entityType: e.entityType, entityId: e.entityId, detail });
    await tx.query(
      `INSERT INTO audit_log (seq, at, actor, action, entity_type, entity_id, detail, prev_hash, hash) VALUES ($1, $2::timestamptz, $3, $4, $5, $6, $7::jsonb, $8, $9)`,
      [entry.seq, entry.at, entry.actor, entry.action, entry.entityType, entry.entityId, JSON.stringify(entry.detail), entry.prevHash, entry.hash],
    );
    prevHash = entry.hash;
    written.push(entry);
  }
  return written;
}

/** Appends in a transaction of its own, for changes made outside one. */
export function appendAuditEntriesNow(sql: SqlClient, entries: readonly NewAuditEntry[]): Promise<ChainedAuditEntry[]> {
  return entries.length === 0 ? Promise.resolve([]) : sql.transaction((tx) => appendAuditEntries(tx, entries));
}
