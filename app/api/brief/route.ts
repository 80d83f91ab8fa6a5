// GET /api/brief: the executive brief, each headline metric in sentences linking to their charts.
import { getExecutiveBrief } from "@/lib/brief/queries/get-executive-brief";
import { getWarehouse } from "@/lib/db";
import { respond } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

export function GET(): Promise<Response> {
  return respond(async () => getExecutiveBrief(await getWarehouse()));
}
