import "server-only";
// Apart from ./index on purpose: it reaches the primary through getWarehouse(), so
// whatever stands in for the warehouse (tests mock @/lib/db) is what reads fall back to.
import { getWarehouse } from "@/lib/db";
import { env } from "@/lib/env";
import { createReadRouter, type ReadRouter } from "./read-replica";
import { openWarehouse, type Warehouse } from "./warehouse";
import type { ReplicaStatus } from "./warehouse-health-schema";

const holder = globalThis as unknown as { triadReadRouter?: Promise<ReadRouter> };

function getReadRouter(replicaUrl: string): Promise<ReadRouter> {
  holder.triadReadRouter ??= Promise.all([getWarehouse(), openWarehouse({ databaseUrl: replicaUrl })])
    .then(([primary, replica]) => createReadRouter(primary, replica))
    .catch((error: unknown) => {
      holder.triadReadRouter = undefined;
      throw error;
    });
  return holder.triadReadRouter;
}

/**
 * The warehouse for dashboard and chart reads: DATABASE_REPLICA_URL when set and
 * answering, else the primary. Its data may be behind the primary by the
 * replication lag, so writes, verify and compute use getWarehouse().
 */
export async function getReadWarehouse(): Promise<Warehouse> {
  if (!env.DATABASE_REPLICA_URL) return getWarehouse();
  return (await getReadRouter(env.DATABASE_REPLICA_URL)).read();
}

/** The read replica's state and lag, asked now; null when none is configured. */
export async function getReplicaStatus(): Promise<ReplicaStatus | null> {
  if (!env.DATABASE_REPLICA_URL) return null;
  return (await getReadRouter(env.DATABASE_REPLICA_URL)).status();
}
