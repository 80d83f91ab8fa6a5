import "server-only";
import { type AuditRow, toAuditEntry } from "./audit-row";
import type { SqlExecutor } from "@/lib/db";
import { verifyChain, type ChainedAuditEntry, type ChainVerdict } from "./hash-chain";


const PAGE = 5_000;

/** Reads the whole log in seq order, a page at a time, and verifies the chain. */
export async function verifyAuditLog(sql: SqlExecutor): Promise<ChainVerdict> {
  async function* entries() {
    let after = 0;
    for (;;) {
      const rows = await sql.query<AuditRow>(`SELECT * FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT ${PAGE}`, [after]);
      for (const r of rows) yield toAuditEntry(r);
      if (rows.length < PAGE) return;
      after = Number(rows[rows.length - 1]!.seq);
    }
  }
  const all: ChainedAuditEntry[] = [];
  for await (const e of entries()) all.push(e);
  return verifyChain(all);
}
