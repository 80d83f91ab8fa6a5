import "server-only";
import type { SqlExecutor } from "@/lib/db";
import { verifyChain, type ChainedAuditEntry, type ChainVerdict } from "./hash-chain";

interface AuditRow extends Record<string, unknown> {
  seq: number;
  at: Date | string;
  actor: string;
  action: string;
  entity_type: string;
  entity_id: string;
  detail: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}

const toEntry = (r: AuditRow): ChainedAuditEntry => ({
  seq: Number(r.seq),
  at: (r.at instanceof Date ? r.at : new Date(r.at)).toISOString(),
  actor: r.actor,
  action: r.action,
  entityType: r.entity_type,
  entityId: r.entity_id,
  detail: r.detail,
  prevHash: r.prev_hash,
  hash: r.hash,
});

const PAGE = 5_000;

/** Reads the whole log in seq order, a page at a time, and verifies the chain. */
export async function verifyAuditLog(sql: SqlExecutor): Promise<ChainVerdict> {
  async function* entries() {
    let after = 0;
    for (;;) {
      const rows = await sql.query<AuditRow>(`SELECT * FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT ${PAGE}`, [after]);
      for (const r of rows) yield toEntry(r);
      if (rows.length < PAGE) return;
      after = Number(rows[rows.length - 1]!.seq);
    }
  }
  const all: ChainedAuditEntry[] = [];
  for await (const e of entries()) all.push(e);
  return verifyChain(all);
}
