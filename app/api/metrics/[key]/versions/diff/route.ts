// GET /api/metrics/{key}/versions/diff?from&to: a unified line diff of two versions of the definition file.
import { authorizeRequest } from "@/lib/auth/authorize";
import { getReadWarehouse } from "@/lib/db/read-warehouse";
import { respond } from "@/lib/http/respond";
import { metricRouteParamsSchema, searchParamsToRecord } from "@/lib/metrics/api-schema";
import { versionDiffQuerySchema } from "@/lib/metrics/definition-version-schema";
import { getDefinitionDiffOrThrow } from "@/lib/metrics/queries/get-definition-diff-or-throw";

export const dynamic = "force-dynamic";

export function GET(
  request: Request,
  { params }: { params: Promise<{ key: string }> },
): Promise<Response> {
  return respond(async () => {
    const viewer = await authorizeRequest(request, "view");
    const { key } = metricRouteParamsSchema.parse(await params);
    const query = versionDiffQuerySchema.parse(
      searchParamsToRecord(new URL(request.url).searchParams),
    );
    return getDefinitionDiffOrThrow(await getReadWarehouse(), viewer, key, query);
  });
}
