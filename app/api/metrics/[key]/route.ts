// GET /api/metrics/{key}: one metric's definition, version, formula, SQL and last run.
import { authorizeRequest } from "@/lib/auth/authorize";
import { getReadWarehouse } from "@/lib/db/read-warehouse";
import { respond } from "@/lib/http/respond";
import { metricRouteParamsSchema } from "@/lib/metrics/api-schema";
import { getMetricOrThrow } from "@/lib/metrics/queries/get-metric-or-throw";

export const dynamic = "force-dynamic";

export function GET(request: Request, { params }: { params: Promise<{ key: string }> }): Promise<Response> {
  return respond(async () => {
    const viewer = await authorizeRequest(request, "view");
    const { key } = metricRouteParamsSchema.parse(await params);
    return getMetricOrThrow(await getReadWarehouse(), viewer, key);
  });
}
