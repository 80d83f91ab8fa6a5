import "server-only";
import type { Warehouse } from "@/lib/db";
import type { AuditFacets } from "../audit-schema";

/** The distinct actions, entity types and actors in the log, for the filter pickers. */
export async function listAuditFacets(wh: Warehouse): Promise<AuditFacets> {
  const rows = await wh.sql.query<{ facet: string; value: string }>(
    `SELECT DISTINCT 'action' AS facet, action AS value FROM audit_log
     UNION SELECT DISTINCT 'entityType', entity_type FROM audit_log
     UNION SELECT DISTINCT 'actor', actor FROM audit_log
     ORDER BY 1, 2`,
  );
  const of = (facet: string) => rows.filter((r) => r.facet === facet).map((r) => r.value);
  return { actions: of("action"), entityTypes: of("entityType"), actors: of("actor") };
}
