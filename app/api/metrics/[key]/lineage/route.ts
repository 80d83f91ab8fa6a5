// GET /api/metrics/{key}/lineage: the metric's lineage graph, upstream and downstream, with row counts, freshness and checks.
import { getReadWarehouse } from "@/lib/db/read-warehouse";
import { respond } from "@/lib/http/respond";
import { getMetricLineageOrThrow } from "@/lib/lineage/queries/get-metric-lineage-or-throw";
import { metricRouteParamsSchema } from "@/lib/metrics/api-schema";

export const dynamic = "force-dynamic";

export function GET(_request: Request, { params }: { params: Promise<{ key: string }> }): Promise<Response> {
  return respond(async () => {
    const { key } = metricRouteParamsSchema.parse(await params);
    return getMetricLineageOrThrow(await getReadWarehouse(), key);
  });
}
