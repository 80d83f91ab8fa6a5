// POST /api/metrics/{key}/verify { period, grain, dimension?, value? }: a stored point recomputed from the source rows now.
import { authorizeRequest } from "@/lib/auth/authorize";
import { getWarehouse } from "@/lib/db";
import { assertMetricVisibleOrThrow } from "@/lib/metrics/queries/metric-visibility";
import { readJsonBody } from "@/lib/http/read-json-body";
import { respond } from "@/lib/http/respond";
import { metricRouteParamsSchema } from "@/lib/metrics/api-schema";
import { verifyPointOrThrow } from "@/lib/verify/verify-points";
import { verifyPointBodySchema } from "@/lib/verify/verify-schema";

export const dynamic = "force-dynamic";

export function POST(request: Request, { params }: { params: Promise<{ key: string }> }): Promise<Response> {
  return respond(async () => {
    const viewer = await authorizeRequest(request, "verify");
    const { key } = metricRouteParamsSchema.parse(await params);
    const body = verifyPointBodySchema.parse(await readJsonBody(request));
    const wh = await getWarehouse();
    await assertMetricVisibleOrThrow(wh, viewer, key);
    return verifyPointOrThrow(wh, key, body);
  });
}
