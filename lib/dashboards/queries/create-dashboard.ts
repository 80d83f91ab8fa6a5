import "server-only";
import { randomUUID } from "node:crypto";
import { appendAuditEntries } from "@/lib/audit/append-audit-entry";
import type { Warehouse } from "@/lib/db";
import { prismaSqlExecutor } from "@/lib/db/prisma-sql-executor";
import type { CreateDashboardBody, Dashboard } from "../schema";
import { slugify, uniqueSlug } from "../slug";
import { assertTilesValid, isPrismaError, tileRows } from "./dashboard-records";
import { getDashboardOrThrow } from "./get-dashboard-or-throw";

/**
 * Creates a dashboard and its tiles in one transaction. Its slug comes from
 * its name, made unique with a number (`growth-2`), or is `slug` when given.
 * `actor` (the signed-in email, or "triad bootstrap") is recorded in the audit log.
 */
export async function createDashboard(
  wh: Warehouse,
  body: CreateDashboardBody,
  { actor, slug }: { actor: string; slug?: string },
): Promise<Dashboard> {
  await assertTilesValid(wh, body.tiles);
  const base = slug ?? slugify(body.name);
  // Another request may take the same slug between the read and the insert: try the next one.
  for (let attempt = 0; ; attempt++) {
    const taken = await wh.prisma.dashboard.findMany({
      where: { slug: { startsWith: base } },
      select: { slug: true },
    });
    const candidate = slug ?? uniqueSlug(base, new Set(taken.map((t) => t.slug)));
    const id = randomUUID();
    try {
      await wh.prisma.$transaction(async (tx) => {
        await tx.dashboard.create({ data: { id, slug: candidate, name: body.name, description: body.description } });
        await tx.dashboardTile.createMany({ data: tileRows(id, body.tiles, randomUUID) });
        await appendAuditEntries(prismaSqlExecutor(tx), [
          { actor, action: "dashboard.created", entityType: "dashboard", entityId: candidate, detail: { name: body.name, tiles: body.tiles.length } },
        ]);
      });
      return await getDashboardOrThrow(wh, candidate);
    } catch (error) {
      if (slug === undefined && attempt < 3 && isPrismaError(error, "P2002")) continue;
      throw error;
    }
  }
}
