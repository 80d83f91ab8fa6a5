// GET /api/dashboards: every dashboard; POST /api/dashboards: create one (201).
import { authorizeRequest } from "@/lib/auth/authorize";
import { getWarehouse } from "@/lib/db";
import { createDashboard } from "@/lib/dashboards/queries/create-dashboard";
import { listDashboards } from "@/lib/dashboards/queries/list-dashboards";
import { readJsonBody } from "@/lib/http/read-json-body";
import { createDashboardBodySchema } from "@/lib/dashboards/schema";
import { errorResponse, jsonResponse, respond } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

export function GET(request: Request): Promise<Response> {
  return respond(async () => {
    await authorizeRequest(request, "view");
    return ({ dashboards: await listDashboards(await getWarehouse()) });
  });
}

export async function POST(request: Request): Promise<Response> {
  try {
    const viewer = await authorizeRequest(request, "edit_dashboards");
    const body = createDashboardBodySchema.parse(await readJsonBody(request));
    return jsonResponse(await createDashboard(await getWarehouse(), body, { actor: viewer.email }), 201);
  } catch (error) {
    return errorResponse(error);
  }
}
