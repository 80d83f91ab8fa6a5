import "server-only";
import { appendAuditEntries } from "@/lib/audit/append-audit-entry";
import type { Warehouse } from "@/lib/db";
import { prismaSqlExecutor } from "@/lib/db/prisma-sql-executor";
import { NotFoundError } from "@/lib/http/errors";

/** Deletes a dashboard and, by the foreign key's cascade, its tiles. */
export async function deleteDashboardOrThrow(wh: Warehouse, slug: string, actor: string): Promise<void> {
  await wh.prisma.$transaction(async (tx) => {
    const { count } = await tx.dashboard.deleteMany({ where: { slug } });
    if (count === 0) throw new NotFoundError(`There is no dashboard "${slug}".`, "slug");
    await appendAuditEntries(prismaSqlExecutor(tx), [{ actor, action: "dashboard.deleted", entityType: "dashboard", entityId: slug, detail: {} }]);
  });
}
