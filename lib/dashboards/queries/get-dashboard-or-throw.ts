import "server-only";
import type { Warehouse } from "@/lib/db";
import { NotFoundError } from "@/lib/http/errors";
import type { Dashboard } from "../schema";
import { dashboardInclude, toDashboard } from "./dashboard-records";

/** One dashboard with its tiles in order. */
export async function getDashboardOrThrow(wh: Warehouse, slug: string): Promise<Dashboard> {
  const row = await wh.prisma.dashboard.findUnique({ where: { slug }, include: dashboardInclude });
  if (!row) throw new NotFoundError(`There is no dashboard "${slug}".`, "slug");
  return toDashboard(row);
}
