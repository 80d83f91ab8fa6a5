// GET /api/health's answer. Pure.
import { z } from "zod";

export const replicaStatusSchema = z.object({
  /** The replica's URL without password. */
  location: z.string(),
  /** Where dashboard and chart reads go now: the primary while the replica does not answer. */
  readsFrom: z.enum(["replica", "primary"]),
  reachable: z.boolean(),
  /** Whether it is a standby (pg_is_in_recovery()); null when it did not answer. */
  inRecovery: z.boolean().nullable(),
  /**
   * How far its data is behind (ms): 0 when it has replayed all the WAL it received,
   * else the age of the last transaction it replayed; null when unknown.
   */
  lagMs: z.number().nullable(),
  /** Why it is not read from, when it is not. */
  reason: z.string().nullable(),
});
export type ReplicaStatus = z.infer<typeof replicaStatusSchema>;

export const warehouseHealthSchema = z.object({
  warehouse: z.object({
    status: z.literal("reachable"),
    kind: z.enum(["pglite", "postgres", "pglite-socket"]),
    /** Round trip of one trivial query (ms). */
    latencyMs: z.number(),
  }),
  /** Present when DATABASE_REPLICA_URL is set. */
  replica: replicaStatusSchema.optional(),
});
export type WarehouseHealth = z.infer<typeof warehouseHealthSchema>;
