// GET /api/health: whether the warehouse answers now; 503 warehouse_unavailable when it does not.
// With DATABASE_REPLICA_URL set it also reports the read replica and its lag (a replica that does not answer is not a 503).
import { getWarehouse } from "@/lib/db";
import { getReplicaStatus } from "@/lib/db/read-warehouse";
import { getWarehouseHealth } from "@/lib/db/get-warehouse-health";
import { respond } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

export function GET(): Promise<Response> {
  return respond(async () => getWarehouseHealth(await getWarehouse(), await getReplicaStatus()));
}
