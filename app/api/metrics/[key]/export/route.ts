// GET /api/metrics/{key}/export?<metric page view parameters>: the rows a chart of that view shows, as CSV.
import { authorizeRequest, requirePermission } from "@/lib/auth/authorize";
import { explorationParts } from "@/lib/auth/exploration";
import { stringify } from "csv-stringify/sync";
import { getReadWarehouse } from "@/lib/db/read-warehouse";
import { BadRequestError } from "@/lib/http/errors";
import { errorResponse } from "@/lib/http/respond";
import { metricRouteParamsSchema, searchParamsToRecord } from "@/lib/metrics/api-schema";
import { getMetricView } from "@/lib/metrics/queries/get-metric-view";
import { parseMetricViewParams } from "@/lib/metrics/view-params";
import { metricViewCsvRecords, metricViewFileName } from "@/lib/metrics/view-presentation";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ key: string }> }): Promise<Response> {
  try {
    const viewer = await authorizeRequest(request, "view");
    const { key } = metricRouteParamsSchema.parse(await params);
    const parsed = parseMetricViewParams(searchParamsToRecord(new URL(request.url).searchParams));
    if (explorationParts(parsed.view).length > 0) await requirePermission(viewer, "explore", `GET ${new URL(request.url).pathname}`);
    if (parsed.warnings[0]) throw new BadRequestError("query", parsed.warnings.join(" "));
    const data = await getMetricView(await getReadWarehouse(), viewer, key, parsed.view);
    // A download must hold what was asked for, not a quietly different view.
    if (data.warnings[0]) throw new BadRequestError("query", data.warnings.join(" "));
    return new Response(stringify(metricViewCsvRecords(data)), {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="${metricViewFileName(data)}.csv"`,
        "Cache-Control": "no-store",
      },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
