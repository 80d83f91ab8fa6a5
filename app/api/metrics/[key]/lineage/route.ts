// GET /api/metrics/{key}/lineage: the metric's lineage graph, upstream and downstream, with row counts, freshness and checks.
import { authorizeRequest } from "@/lib/auth/authorize";
import { getReadWarehouse } from "@/lib/db/read-warehouse";
import { respond } from "@/lib/http/respond";
import { getMetricLineageOrThrow } from "@/lib/lineage/queries/get-metric-lineage-or-throw";
import { metricRouteParamsSchema } from "@/lib/metrics/api-schema";

export const dynamic = "force-dynamic";

export function GET(request: Request, { params }: { params: Promise<{ key: string }> }): Promise<Response> {
  return respond(async () => {
    const viewer = await authorizeRequest(request, "lineage");
    const { key } = metricRouteParamsSchema.parse(await params);
    return getMetricLineageOrThrow(await getReadWarehouse(), viewer, key);
  });
}
