// GET /api/runs/{id}/openlineage: one run as an OpenLineage RunEvent.
import { authorizeRequest } from "@/lib/auth/authorize";
import { z } from "zod";
import { getWarehouse } from "@/lib/db";
import { respond } from "@/lib/http/respond";
import { getRunOpenLineageEventOrThrow } from "@/lib/openlineage/queries/get-run-openlineage-event-or-throw";

export const dynamic = "force-dynamic";

const runRouteParamsSchema = z.object({ id: z.uuid() });

export function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return respond(async () => {
    const viewer = await authorizeRequest(request, "runs");
    const { id } = runRouteParamsSchema.parse(await params);
    return getRunOpenLineageEventOrThrow(await getWarehouse(), viewer, id);
  });
}
