import "server-only";
import type { Viewer } from "@/lib/auth/viewer-schema";
import type { Warehouse } from "@/lib/db";
import { readMetricVisibility } from "@/lib/metrics/queries/metric-visibility";

/** Alerts nobody has acknowledged or resolved yet, of metrics the viewer may see, for the navigation's badge. */
export async function countOpenAlerts(wh: Warehouse, viewer: Viewer): Promise<number> {
  const [rows, visible] = await Promise.all([
    wh.sql.query<{ metric_key: string; n: number }>(`SELECT metric_key, count(*)::int AS n FROM alert WHERE status = 'open' GROUP BY metric_key`),
    readMetricVisibility(wh, viewer),
  ]);
  return rows.filter((r) => visible(r.metric_key)).reduce((sum, r) => sum + Number(r.n), 0);
}
