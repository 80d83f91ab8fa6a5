// GET, PUT (save the whole dashboard, tiles replaced atomically) and DELETE /api/dashboards/{slug}.
import { authorizeRequest } from "@/lib/auth/authorize";
import { getWarehouse } from "@/lib/db";
import { deleteDashboardOrThrow } from "@/lib/dashboards/queries/delete-dashboard-or-throw";
import { getDashboardOrThrow } from "@/lib/dashboards/queries/get-dashboard-or-throw";
import { updateDashboardOrThrow } from "@/lib/dashboards/queries/update-dashboard-or-throw";
import { readJsonBody } from "@/lib/http/read-json-body";
import { dashboardRouteParamsSchema, updateDashboardBodySchema } from "@/lib/dashboards/schema";
import { errorResponse, respond } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ slug: string }> };

export function GET(request: Request, { params }: Context): Promise<Response> {
  return respond(async () => {
    await authorizeRequest(request, "view");
    const { slug } = dashboardRouteParamsSchema.parse(await params);
    return getDashboardOrThrow(await getWarehouse(), slug);
  });
}

export function PUT(request: Request, { params }: Context): Promise<Response> {
  return respond(async () => {
    const viewer = await authorizeRequest(request, "edit_dashboards");
    const { slug } = dashboardRouteParamsSchema.parse(await params);
    const body = updateDashboardBodySchema.parse(await readJsonBody(request));
    return updateDashboardOrThrow(await getWarehouse(), slug, body, viewer.email);
  });
}

export async function DELETE(request: Request, { params }: Context): Promise<Response> {
  try {
    const viewer = await authorizeRequest(request, "edit_dashboards");
    const { slug } = dashboardRouteParamsSchema.parse(await params);
    await deleteDashboardOrThrow(await getWarehouse(), slug, viewer.email);
    return new Response(null, { status: 204, headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}
