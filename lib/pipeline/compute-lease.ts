import "server-only";
import os from "node:os";
import type { SqlClient } from "@/lib/db";
import { appendAuditEntries } from "@/lib/audit/append-audit-entry";
import { PIPELINE_ACTOR } from "@/lib/lineage/record-run";

// A running compute holds a lease row (host, pid, heartbeat). A compute that
// starts when no other lease is alive marks the runs still 'running' as
// failed: their process ended (SIGKILL, power loss) before finishing them.
// Alive: on this host, its process exists (the app and the CLI share an
// embedded warehouse on one machine); elsewhere, its heartbeat is recent.

export const INTERRUPTED_RUN_ERROR = "Interrupted: the process running this compute ended before the run finished (killed or crashed); its previous points were kept.";

const HEARTBEAT_MS = 15_000;
/** A lease from another host without a heartbeat for this long is dead. */
const STALE_AFTER_MS = 5 * 60_000;
// Serialises the check-and-clean with the taking of leases.
const LEASE_LOCK_KEY = 7_146_812_032;

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export interface ComputeLease {
  /** Runs marked failed because no compute was alive to finish them. */
  interrupted: number;
  release(): Promise<void>;
}

/** Takes a lease for computeId, first failing the runs of computes that are no longer alive. */
export async function takeComputeLease(sql: SqlClient, computeId: string): Promise<ComputeLease> {
  const host = os.hostname();
  const interrupted = await sql.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock($1) IS NULL AS locked`, [LEASE_LOCK_KEY]);
    const leases = await tx.query<{ compute_id: string; host: string; pid: number; age_ms: number }>(
      `SELECT compute_id, host, pid, (extract(epoch FROM now() - heartbeat_at) * 1000)::float8 AS age_ms FROM compute_lease`,
    );
    const dead = leases.filter((l) => (l.host === host ? !processAlive(l.pid) : l.age_ms > STALE_AFTER_MS));
    if (dead.length > 0) await tx.query(`DELETE FROM compute_lease WHERE compute_id = ANY($1::text[])`, [`{${dead.map((l) => l.compute_id).join(",")}}`]);
    let n = 0;
    // Only with no other compute alive: a live one's 'running' runs are still in progress.
    if (dead.length === leases.length) {
      const rows = await tx.query<{ id: string; metric_key: string }>(
        `UPDATE metric_run SET status = 'failed', finished_at = now(), error = $1 WHERE status = 'running' RETURNING id, metric_key`,
        [INTERRUPTED_RUN_ERROR],
      );
      await appendAuditEntries(
        tx,
        rows.map((r) => ({ actor: PIPELINE_ACTOR, action: "run.failed", entityType: "run", entityId: r.id, detail: { metricKey: r.metric_key, error: INTERRUPTED_RUN_ERROR, interrupted: true } })),
      );
      n = rows.length;
    }
    await tx.query(`INSERT INTO compute_lease (compute_id, host, pid, started_at, heartbeat_at) VALUES ($1, $2, $3, now(), now())`, [computeId, host, process.pid]);
    return n;
  });
  const timer = setInterval(() => {
    void sql.query(`UPDATE compute_lease SET heartbeat_at = now() WHERE compute_id = $1`, [computeId]).catch(() => undefined);
  }, HEARTBEAT_MS);
  timer.unref();
  return {
    interrupted,
    async release() {
      clearInterval(timer);
      await sql.query(`DELETE FROM compute_lease WHERE compute_id = $1`, [computeId]).catch(() => undefined);
    },
  };
}
