import "server-only";
import { appendAuditEntriesNow } from "@/lib/audit/append-audit-entry";
import type { SqlClient } from "@/lib/db";

// Failed sign-ins for one account within this window lock it for the rest of it.
export const LOCKOUT_FAILURES = 5;
export const LOCKOUT_MINUTES = 15;

const accountId = (email: string) => email.trim().toLowerCase().slice(0, 320);

interface Client {
  userAgent: string | null;
}

export function recordSignIn(sql: SqlClient, email: string, client: Client) {
  return appendAuditEntriesNow(sql, [{ actor: accountId(email), action: "auth.sign_in", entityType: "user", entityId: accountId(email), detail: { userAgent: client.userAgent } }]);
}

export function recordFailedSignIn(sql: SqlClient, email: string, reason: string, client: Client) {
  const id = accountId(email) || "(no email given)";
  return appendAuditEntriesNow(sql, [{ actor: "anonymous", action: "auth.sign_in_failed", entityType: "user", entityId: id, detail: { reason, userAgent: client.userAgent } }]);
}

export function recordSignOut(sql: SqlClient, email: string) {
  return appendAuditEntriesNow(sql, [{ actor: accountId(email), action: "auth.sign_out", entityType: "user", entityId: accountId(email), detail: {} }]);
}

/**
 * Why this account may not try to sign in now, or null: LOCKOUT_FAILURES failed
 * sign-ins within LOCKOUT_MINUTES (since its last successful one) lock it until
 * the oldest of them leaves the window. Read from the audit log, so it holds
 * across restarts and for every address the attempts come from.
 */
export async function signInLockout(sql: SqlClient, email: string): Promise<string | null> {
  const id = accountId(email);
  if (!id) return null;
  const [row] = await sql.query<{ failures: number; oldest: string | null }>(
    `WITH since AS (
       SELECT greatest(now() - make_interval(mins => $2::int),
                       coalesce((SELECT max(at) FROM audit_log WHERE entity_type = 'user' AND entity_id = $1 AND action = 'auth.sign_in'), '-infinity'::timestamptz)) AS t
     )
     SELECT count(*)::int AS failures, min(at)::text AS oldest
       FROM audit_log, since
      WHERE entity_type = 'user' AND entity_id = $1 AND action = 'auth.sign_in_failed' AND at > since.t`,
    [id, LOCKOUT_MINUTES],
  );
  if (!row || row.failures < LOCKOUT_FAILURES || !row.oldest) return null;
  const until = new Date(new Date(row.oldest).getTime() + LOCKOUT_MINUTES * 60_000);
  const minutes = Math.max(1, Math.ceil((until.getTime() - Date.now()) / 60_000));
  return `Too many failed sign-ins for this account (${row.failures} in ${LOCKOUT_MINUTES} minutes). Try again in ${minutes} minute${minutes === 1 ? "" : "s"}, or ask an admin.`;
}
