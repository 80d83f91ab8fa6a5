// GET /api/metrics/{key}/series?from&to&grain&by&filter.DIMENSION=VALUE: stored points of one metric.
import { authorizeRequest, requirePermission } from "@/lib/auth/authorize";
import { explorationParts } from "@/lib/auth/exploration";
import { getReadWarehouse } from "@/lib/db/read-warehouse";
import { respond } from "@/lib/http/respond";
import { metricRouteParamsSchema, searchParamsToRecord, seriesSearchParamsSchema } from "@/lib/metrics/api-schema";
import { getMetricSeriesJson } from "@/lib/metrics/queries/get-metric-series";

export const dynamic = "force-dynamic";

export function GET(request: Request, { params }: { params: Promise<{ key: string }> }): Promise<Response> {
  return respond(async () => {
    const viewer = await authorizeRequest(request, "view");
    const { key } = metricRouteParamsSchema.parse(await params);
    const query = seriesSearchParamsSchema.parse(searchParamsToRecord(new URL(request.url).searchParams));
    if (explorationParts(query).length > 0) await requirePermission(viewer, "explore", `GET ${new URL(request.url).pathname}`);
    return getMetricSeriesJson(await getReadWarehouse(), viewer, key, query);
  });
}
