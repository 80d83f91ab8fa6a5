// GET /api/metrics: the catalog of every metric, headline metrics first.
import { authorizeRequest } from "@/lib/auth/authorize";
import { getReadWarehouse } from "@/lib/db/read-warehouse";
import { respond } from "@/lib/http/respond";
import { listMetricCatalog } from "@/lib/metrics/queries/list-metric-catalog";

export const dynamic = "force-dynamic";

export function GET(request: Request): Promise<Response> {
  return respond(async () => {
    const viewer = await authorizeRequest(request, "view");
    return ({ metrics: await listMetricCatalog(await getReadWarehouse(), viewer) });
  });
}
