// An audit_log row as the driver returns it, and the entry it holds. Pure.
import type { ChainedAuditEntry } from "./hash-chain";

export interface AuditRow extends Record<string, unknown> {
  /** bigint: a number on PGlite, a string through pg. */
  seq: number | string;
  at: Date | string;
  actor: string;
  action: string;
  entity_type: string;
  entity_id: string;
  detail: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}

export const toAuditEntry = (r: AuditRow): ChainedAuditEntry => ({
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
