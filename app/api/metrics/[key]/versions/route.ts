// GET /api/metrics/{key}/versions: every version of the definition, newest first, with the points each produced.
import { authorizeRequest } from "@/lib/auth/authorize";
import { getReadWarehouse } from "@/lib/db/read-warehouse";
import { respond } from "@/lib/http/respond";
import { metricRouteParamsSchema } from "@/lib/metrics/api-schema";
import { listDefinitionVersionsOrThrow } from "@/lib/metrics/queries/list-definition-versions-or-throw";

export const dynamic = "force-dynamic";

export function GET(
  request: Request,
  { params }: { params: Promise<{ key: string }> },
): Promise<Response> {
  return respond(async () => {
    const viewer = await authorizeRequest(request, "view");
    const { key } = metricRouteParamsSchema.parse(await params);
    return listDefinitionVersionsOrThrow(await getReadWarehouse(), viewer, key);
  });
}
