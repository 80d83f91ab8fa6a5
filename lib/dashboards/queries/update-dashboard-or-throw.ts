import "server-only";
import { randomUUID } from "node:crypto";
import { appendAuditEntries } from "@/lib/audit/append-audit-entry";
import type { Warehouse } from "@/lib/db";
import { prismaSqlExecutor } from "@/lib/db/prisma-sql-executor";
import { NotFoundError } from "@/lib/http/errors";
import type { Dashboard, UpdateDashboardBody } from "../schema";
import { assertTilesValid, isPrismaError, tileRows } from "./dashboard-records";
import { getDashboardOrThrow } from "./get-dashboard-or-throw";

/**
 * Saves a dashboard as a whole: name, description, and tiles replacing the
 * stored ones, in one transaction, so a failed save leaves the previous
 * dashboard exactly as it was. The slug never changes.
 */
export async function updateDashboardOrThrow(
  wh: Warehouse,
  slug: string,
  body: UpdateDashboardBody,
  actor: string,
): Promise<Dashboard> {
  const notFound = () => new NotFoundError(`There is no dashboard "${slug}".`, "slug");
  const existing = await wh.prisma.dashboard.findUnique({ where: { slug }, select: { id: true } });
  if (!existing) throw notFound();
  await assertTilesValid(wh, body.tiles);
  const { id } = existing;
  try {
    await wh.prisma.$transaction(async (tx) => {
      await tx.dashboard.update({ where: { id }, data: { name: body.name, description: body.description, updatedAt: new Date() } });
      await tx.dashboardTile.deleteMany({ where: { dashboardId: id } });
      await tx.dashboardTile.createMany({ data: tileRows(id, body.tiles, randomUUID) });
      await appendAuditEntries(prismaSqlExecutor(tx), [
        { actor, action: "dashboard.saved", entityType: "dashboard", entityId: slug, detail: { name: body.name, tiles: body.tiles.length } },
      ]);
    });
  } catch (error) {
    // Deleted by another request since the read above.
    if (isPrismaError(error, "P2025")) throw notFound();
    throw error;
  }
  return getDashboardOrThrow(wh, slug);
}
