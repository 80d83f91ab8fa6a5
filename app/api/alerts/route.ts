// GET /api/alerts?status&metric&limit: fired alerts, newest first, with their delivery state.
import { authorizeRequest } from "@/lib/auth/authorize";
import { alertListSchema, listAlertsQuerySchema } from "@/lib/alerts/alert-schema";
import { listAlerts } from "@/lib/alerts/queries/list-alerts";
import { getWarehouse } from "@/lib/db";
import { respond } from "@/lib/http/respond";
import { searchParamsToRecord } from "@/lib/metrics/api-schema";

export const dynamic = "force-dynamic";

export function GET(request: Request): Promise<Response> {
  return respond(async () => {
    const viewer = await authorizeRequest(request, "view");
    const query = listAlertsQuerySchema.parse(searchParamsToRecord(new URL(request.url).searchParams));
    return alertListSchema.parse(await listAlerts(await getWarehouse(), viewer, query));
  });
}
