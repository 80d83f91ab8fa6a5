// The audit log's tamper evidence: each entry's hash covers its content and
// the previous entry's hash, so changing, removing or reordering any entry
// breaks every link after it. Pure: no database.
import { createHash } from "node:crypto";
import { z } from "zod";

export const GENESIS_HASH = "0".repeat(64);

export const auditEntryContentSchema = z.object({
  seq: z.number().int().positive(),
  /** ISO 8601 instant, UTC. */
  at: z.string(),
  actor: z.string().min(1),
  action: z.string().min(1),
  entityType: z.string().min(1),
  entityId: z.string(),
  detail: z.record(z.string(), z.unknown()),
});
export type AuditEntryContent = z.infer<typeof auditEntryContentSchema>;

export type ChainedAuditEntry = AuditEntryContent & { prevHash: string; hash: string };

/** JSON with object keys sorted at every depth, so equal content hashes equally. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

export function entryHash(prevHash: string, content: AuditEntryContent): string {
  const { seq, at, actor, action, entityType, entityId, detail } = content;
  return createHash("sha256")
    .update(prevHash)
    .update("\n")
    .update(canonicalJson({ seq, at, actor, action, entityType, entityId, detail }))
    .digest("hex");
}

export function chainEntry(prevHash: string, content: AuditEntryContent): ChainedAuditEntry {
  return { ...content, prevHash, hash: entryHash(prevHash, content) };
}

export type ChainVerdict =
  | { ok: true; entries: number; lastHash: string }
  | { ok: false; entries: number; brokenSeq: number; reason: string };

/** Walks entries in seq order and names the first one that breaks the chain. */
export function verifyChain(entries: Iterable<ChainedAuditEntry>): ChainVerdict {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let count = 0;
  for (const entry of entries) {
    count++;
    if (entry.seq !== expectedSeq) {
      return { ok: false, entries: count, brokenSeq: entry.seq, reason: `expected entry ${expectedSeq} here, found ${entry.seq}: an entry was removed or reordered` };
    }
    if (entry.prevHash !== prevHash) {
      return { ok: false, entries: count, brokenSeq: entry.seq, reason: "its previous-hash does not match the hash of the entry before it" };
    }
    if (entryHash(entry.prevHash, entry) !== entry.hash) {
      return { ok: false, entries: count, brokenSeq: entry.seq, reason: "its content does not match its hash: the entry was changed after it was written" };
    }
    prevHash = entry.hash;
    expectedSeq++;
  }
  return { ok: true, entries: count, lastHash: prevHash };
}
