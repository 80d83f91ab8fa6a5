import "server-only";
import type { Warehouse } from "@/lib/db";
import type { DashboardSummary } from "../schema";

/** Every dashboard by name, with the metrics on it. */
export async function listDashboards(wh: Warehouse): Promise<DashboardSummary[]> {
  const rows = await wh.prisma.dashboard.findMany({
    select: {
      slug: true,
      name: true,
      description: true,
      updatedAt: true,
      tiles: { select: { metricKey: true }, orderBy: { position: "asc" } },
    },
  });
  return rows
    .map((row) => ({
      slug: row.slug,
      name: row.name,
      description: row.description,
      tileCount: row.tiles.length,
      metricKeys: [...new Set(row.tiles.map((t) => t.metricKey))],
      updatedAt: row.updatedAt.toISOString(),
    }))
    .sort((a, b) => a.name.localeCompare(b.name, "en") || a.slug.localeCompare(b.slug, "en"));
}
