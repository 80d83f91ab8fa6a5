import "server-only";
import type { Warehouse } from "./warehouse";
import type { ReplicaStatus, WarehouseHealth } from "./warehouse-health-schema";

/**
 * One trivial query; an unreachable warehouse throws, and respond() turns that into the 503.
 * A read replica that does not answer is reported, not a failure: reads fall back to the primary.
 */
export async function getWarehouseHealth(wh: Warehouse, replica: ReplicaStatus | null = null): Promise<WarehouseHealth> {
  const started = performance.now();
  await wh.sql.query(`SELECT 1`);
  const warehouse = { status: "reachable", kind: wh.kind, latencyMs: Math.round((performance.now() - started) * 10) / 10 } as const;
  return replica ? { warehouse, replica } : { warehouse };
}
