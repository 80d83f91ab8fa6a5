// GET /api/runs?metric&status&page&pageSize: pipeline runs, newest first.
import { authorizeRequest } from "@/lib/auth/authorize";
import { getWarehouse } from "@/lib/db";
import { respond } from "@/lib/http/respond";
import { searchParamsToRecord } from "@/lib/metrics/api-schema";
import { listRuns } from "@/lib/runs/queries";
import { listRunsQuerySchema } from "@/lib/runs/run-schema";

export const dynamic = "force-dynamic";

export function GET(request: Request): Promise<Response> {
  return respond(async () => {
    const viewer = await authorizeRequest(request, "runs");
    const query = listRunsQuerySchema.parse(searchParamsToRecord(new URL(request.url).searchParams));
    return listRuns(await getWarehouse(), viewer, query);
  });
}
