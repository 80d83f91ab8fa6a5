// GET /api/runs/{id}: one run with its SQL, input counts and error.
import { authorizeRequest } from "@/lib/auth/authorize";
import { getWarehouse } from "@/lib/db";
import { respond } from "@/lib/http/respond";
import { getRunOrThrow } from "@/lib/runs/queries";
import { runIdParamsSchema } from "@/lib/runs/run-schema";

export const dynamic = "force-dynamic";

export function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return respond(async () => {
    const viewer = await authorizeRequest(request, "runs");
    const { id } = runIdParamsSchema.parse(await params);
    return getRunOrThrow(await getWarehouse(), viewer, id);
  });
}
