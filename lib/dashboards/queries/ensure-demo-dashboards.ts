import "server-only";
import type { Warehouse } from "@/lib/db";
import { readCurrentDefinitions } from "@/lib/metrics/queries/metric-records";
import { DEMO_DASHBOARDS } from "../demo-dashboards";
import { createDashboard } from "./create-dashboard";
import { isPrismaError } from "./dashboard-records";

export interface DemoDashboardResult {
  slug: string;
  status: "created" | "exists" | "skipped";
  /** For skipped: the metrics it needs that are not defined. */
  missingMetrics?: string[];
}

/**
 * Creates each demo dashboard whose slug is absent. One that exists is left
 * as it is, edits and all; one whose metrics are not all defined (another
 * metrics folder) is skipped rather than created with broken tiles.
 */
export async function ensureDemoDashboards(wh: Warehouse): Promise<DemoDashboardResult[]> {
  const definitions = await readCurrentDefinitions(wh);
  const results: DemoDashboardResult[] = [];
  for (const demo of DEMO_DASHBOARDS) {
    const exists = await wh.prisma.dashboard.findUnique({
      where: { slug: demo.slug },
      select: { id: true },
    });
    if (exists) {
      results.push({ slug: demo.slug, status: "exists" });
      continue;
    }
    const missingMetrics = [...new Set(demo.body.tiles.map((t) => t.metricKey))].filter(
      (key) => !definitions.has(key),
    );
    if (missingMetrics.length > 0) {
      results.push({ slug: demo.slug, status: "skipped", missingMetrics });
      continue;
    }
    try {
      await createDashboard(wh, demo.body, { actor: "triad bootstrap", slug: demo.slug });
      results.push({ slug: demo.slug, status: "created" });
    } catch (error) {
      // Created by a concurrent bootstrap since the read above.
      if (!isPrismaError(error, "P2002")) throw error;
      results.push({ slug: demo.slug, status: "exists" });
    }
  }
  return results;
}
