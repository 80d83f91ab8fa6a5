import "server-only";
import { type AuditRow, toAuditEntry } from "../audit-row";
import type { Warehouse } from "@/lib/db";
import { auditFilterSql } from "../audit-filter-sql";
import type { AuditPage, ListAuditQuery } from "../audit-schema";


/** One page of the audit log, newest first, keyset-paged by seq so pages hold still while entries are appended. */
export async function listAuditEntries(wh: Warehouse, q: ListAuditQuery): Promise<AuditPage> {
  const where = auditFilterSql(q);
  const and = (clause: string) => (where.sql ? `${where.sql} AND ${clause}` : `WHERE ${clause}`);
  const cursor = where.params.length + 1;
  // Reading newer entries walks up from the cursor, then shows them newest first like every page.
  const rows =
    q.after !== undefined
      ? (
          await wh.sql.query<AuditRow>(
            `SELECT * FROM audit_log ${and(`seq > $${cursor}`)} ORDER BY seq ASC LIMIT ${q.pageSize}`,
            [...where.params, q.after],
          )
        ).reverse()
      : await wh.sql.query<AuditRow>(
          `SELECT * FROM audit_log ${q.before !== undefined ? and(`seq < $${cursor}`) : where.sql} ORDER BY seq DESC LIMIT ${q.pageSize}`,
          q.before !== undefined ? [...where.params, q.before] : where.params,
        );
  const entries = rows.map(toAuditEntry);
  const newest = entries[0]?.seq;
  const oldest = entries[entries.length - 1]?.seq;
  const exists = async (clause: string, seq: number) =>
    (
      await wh.sql.query<{ found: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM audit_log ${and(clause)}) AS found`,
        [...where.params, seq],
      )
    )[0]?.found === true;
  const [count] = await wh.sql.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM audit_log ${where.sql}`,
    where.params,
  );
  const total = Number(count?.n ?? 0);
  // An empty page past either end still offers the way back, if anything matches at all.
  const [newer, older] = await Promise.all([
    newest !== undefined
      ? exists(`seq > $${cursor}`, newest)
      : Promise.resolve(total > 0 && q.before !== undefined),
    oldest !== undefined
      ? exists(`seq < $${cursor}`, oldest)
      : Promise.resolve(total > 0 && q.after !== undefined),
  ]);
  return {
    entries,
    total,
    newerAfter: newer ? (newest ?? q.before! - 1) : null,
    olderBefore: older ? (oldest ?? q.after! + 1) : null,
  };
}
