// GET /api/metrics/{key}/lineage/openlineage: OpenLineage RunEvents of the latest runs behind the metric.
import { authorizeRequest } from "@/lib/auth/authorize";
import { getReadWarehouse } from "@/lib/db/read-warehouse";
import { respond } from "@/lib/http/respond";
import { metricRouteParamsSchema } from "@/lib/metrics/api-schema";
import { listMetricOpenLineageEvents } from "@/lib/openlineage/queries/list-metric-openlineage-events";

export const dynamic = "force-dynamic";

export function GET(request: Request, { params }: { params: Promise<{ key: string }> }): Promise<Response> {
  return respond(async () => {
    const viewer = await authorizeRequest(request, "lineage");
    const { key } = metricRouteParamsSchema.parse(await params);
    return listMetricOpenLineageEvents(await getReadWarehouse(), viewer, key);
  });
}
