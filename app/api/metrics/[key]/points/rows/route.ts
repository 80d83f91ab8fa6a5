// GET /api/metrics/{key}/points/rows?grain&period&dimension&value&page&pageSize&sort&order[&format=csv]: the source rows behind a stored point.
import { authorizeRequest } from "@/lib/auth/authorize";
import { getReadWarehouse } from "@/lib/db/read-warehouse";
import { pointRowsCsvResponse } from "@/lib/drill/csv-response";
import { pointRowsQuerySchema } from "@/lib/drill/drill-schema";
import { getPointRowsOrThrow } from "@/lib/drill/get-point-rows";
import { errorResponse, respond } from "@/lib/http/respond";
import { metricRouteParamsSchema, searchParamsToRecord } from "@/lib/metrics/api-schema";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ key: string }> }): Promise<Response> {
  try {
    const viewer = await authorizeRequest(request, "drill");
    const { key } = metricRouteParamsSchema.parse(await params);
    const query = pointRowsQuerySchema.parse(searchParamsToRecord(new URL(request.url).searchParams));
    if (query.format === "csv") return await pointRowsCsvResponse(await getReadWarehouse(), viewer, key, query);
    return await respond(async () => getPointRowsOrThrow(await getReadWarehouse(), viewer, key, query));
  } catch (error) {
    return errorResponse(error);
  }
}
