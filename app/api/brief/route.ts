// GET /api/brief: the executive brief, each headline metric in sentences linking to their charts.
import { authorizeRequest } from "@/lib/auth/authorize";
import { getExecutiveBrief } from "@/lib/brief/queries/get-executive-brief";
import { getWarehouse } from "@/lib/db";
import { respond } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

export function GET(request: Request): Promise<Response> {
  return respond(async () => {
    const viewer = await authorizeRequest(request, "view");
    return getExecutiveBrief(await getWarehouse(), viewer);
  });
}
