// GET /api/metrics/{key}/series?from&to&grain&by&filter.DIMENSION=VALUE: stored points of one metric.
import { authorizeRequest } from "@/lib/auth/authorize";
import { getReadWarehouse } from "@/lib/db/read-warehouse";
import { respond } from "@/lib/http/respond";
import { metricRouteParamsSchema, searchParamsToRecord, seriesSearchParamsSchema } from "@/lib/metrics/api-schema";
import { getMetricSeries } from "@/lib/metrics/queries/get-metric-series";

export const dynamic = "force-dynamic";

export function GET(request: Request, { params }: { params: Promise<{ key: string }> }): Promise<Response> {
  return respond(async () => {
    await authorizeRequest(request, "view");
    const { key } = metricRouteParamsSchema.parse(await params);
    const query = seriesSearchParamsSchema.parse(searchParamsToRecord(new URL(request.url).searchParams));
    return getMetricSeries(await getReadWarehouse(), key, query);
  });
}
