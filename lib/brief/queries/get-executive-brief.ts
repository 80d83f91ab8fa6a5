import "server-only";
import type { Viewer } from "@/lib/auth/viewer-schema";
import type { Warehouse } from "@/lib/db";
import { listMetricAnomalies } from "@/lib/anomaly/queries/list-metric-anomalies";
import { getMetricDriversOrThrow } from "@/lib/drivers/queries/get-metric-drivers-or-throw";
import { listMetricStatuses } from "@/lib/intent/queries/list-metric-statuses";
import { STATUS_RANK } from "@/lib/intent/status-summary";
import { addDays } from "@/lib/metrics/periods";
import { readCurrentDefinitions, readDataThrough } from "@/lib/metrics/queries/metric-records";
import { readMetricVisibility } from "@/lib/metrics/queries/metric-visibility";
import { composeBriefMetric } from "../brief-sentences";
import type { ExecutiveBrief } from "../brief-schema";

/** How far back the brief looks for the latest unusual day. */
const ANOMALY_LOOKBACK_DAYS = 365;

/**
 * The executive brief: every headline metric's value, change, status,
 * latest anomaly and top driver in sentences, off track first. One read of
 * all their series for the status, then per metric one read for its
 * anomalies and one or two for its drivers. Only metrics the viewer may see.
 */
export async function getExecutiveBrief(wh: Warehouse, viewer: Viewer): Promise<ExecutiveBrief> {
  const [definitions, dataThrough] = await Promise.all([readCurrentDefinitions(wh), readDataThrough(wh)]);
  const visible = await readMetricVisibility(wh, viewer, definitions);
  const headline = [...definitions.values()].filter((c) => c.definition.headline && visible(c.key)).sort((a, b) => a.definition.name.localeCompare(b.definition.name, "en"));
  const summaries = await listMetricStatuses(
    wh,
    headline.map((c) => c.key),
    { definitions, dataThrough },
  );
  const summaryByKey = new Map(summaries.map((s) => [s.key, s]));
  const metrics = await Promise.all(
    headline.flatMap((current) => {
      const summary = summaryByKey.get(current.key);
      return summary ? [{ current, summary }] : [];
    }).map(async ({ current, summary }) => {
      const d = current.definition;
      const metric = { key: current.key, name: d.name, unit: d.unit, ...(d.currency ? { currency: d.currency } : {}) };
      const through = dataThrough.get(current.key);
      const [anomalies, drivers] = await Promise.all([
        through && current.grains.includes("day") ? listMetricAnomalies(wh, metric, { grain: "day", from: addDays(through, -(ANOMALY_LOOKBACK_DAYS - 1)), to: through }) : Promise.resolve([]),
        getMetricDriversOrThrow(wh, current.key, {}, { definitions }),
      ]);
      return composeBriefMetric({ metric, summary, anomalies, drivers });
    }),
  );
  const asOf = headline.map((c) => dataThrough.get(c.key)).filter((d): d is string => d !== undefined).sort().at(-1) ?? null;
  return { asOf, metrics: metrics.map((m, i) => ({ m, i })).sort((a, b) => STATUS_RANK[a.m.status] - STATUS_RANK[b.m.status] || a.i - b.i).map(({ m }) => m) };
}
