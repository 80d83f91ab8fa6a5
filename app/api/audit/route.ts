// GET /api/audit?action&entityType&entityId&metric&actor&from&to&before|after&pageSize: the hash-chained audit log, newest first.
import { authorizeRequest } from "@/lib/auth/authorize";
import { listAuditEntries } from "@/lib/audit/queries/list-audit-entries";
import { listAuditQuerySchema } from "@/lib/audit/audit-schema";
import { getWarehouse } from "@/lib/db";
import { respond } from "@/lib/http/respond";
import { searchParamsToRecord } from "@/lib/metrics/api-schema";

export const dynamic = "force-dynamic";

export function GET(request: Request): Promise<Response> {
  return respond(async () => {
    await authorizeRequest(request, "audit_log");
    const query = listAuditQuerySchema.parse(
      searchParamsToRecord(new URL(request.url).searchParams),
    );
    return listAuditEntries(await getWarehouse(), query);
  });
}
