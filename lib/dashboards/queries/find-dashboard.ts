import "server-only";
import type { Warehouse } from "@/lib/db";
import { type Dashboard, dashboardSlugSchema } from "../schema";
import { dashboardInclude, toDashboard } from "./dashboard-records";

/** One dashboard, or null for a malformed or unknown slug: what a page needs to answer 404. */
export async function findDashboard(wh: Warehouse, slug: string): Promise<Dashboard | null> {
  if (!dashboardSlugSchema.safeParse(slug).success) return null;
  const row = await wh.prisma.dashboard.findUnique({ where: { slug }, include: dashboardInclude });
  return row ? toDashboard(row) : null;
}
