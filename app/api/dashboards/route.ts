// GET /api/dashboards: every dashboard; POST /api/dashboards: create one (201).
import { getWarehouse } from "@/lib/db";
import { createDashboard } from "@/lib/dashboards/queries/create-dashboard";
import { listDashboards } from "@/lib/dashboards/queries/list-dashboards";
import { readJsonBody } from "@/lib/http/read-json-body";
import { createDashboardBodySchema } from "@/lib/dashboards/schema";
import { errorResponse, jsonResponse, respond } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

export function GET(): Promise<Response> {
  return respond(async () => ({ dashboards: await listDashboards(await getWarehouse()) }));
}

export async function POST(request: Request): Promise<Response> {
  try {
    const body = createDashboardBodySchema.parse(await readJsonBody(request));
    return jsonResponse(await createDashboard(await getWarehouse(), body), 201);
  } catch (error) {
    return errorResponse(error);
  }
}
