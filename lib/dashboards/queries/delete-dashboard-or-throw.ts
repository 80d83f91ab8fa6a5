import "server-only";
import type { Warehouse } from "@/lib/db";
import { NotFoundError } from "@/lib/http/errors";

/** Deletes a dashboard and, by the foreign key's cascade, its tiles. */
export async function deleteDashboardOrThrow(wh: Warehouse, slug: string): Promise<void> {
  const { count } = await wh.prisma.dashboard.deleteMany({ where: { slug } });
  if (count === 0) throw new NotFoundError(`There is no dashboard "${slug}".`, "slug");
}
