// GET /api/metrics: the catalog of every metric, headline metrics first.
import { getReadWarehouse } from "@/lib/db/read-warehouse";
import { respond } from "@/lib/http/respond";
import { listMetricCatalog } from "@/lib/metrics/queries/list-metric-catalog";

export const dynamic = "force-dynamic";

export function GET(): Promise<Response> {
  return respond(async () => ({ metrics: await listMetricCatalog(await getReadWarehouse()) }));
}
