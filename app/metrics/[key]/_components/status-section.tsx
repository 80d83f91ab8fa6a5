import type { Viewer } from "@/lib/auth/viewer-schema";
import { MetricStatusPanel } from "@/components/intent/metric-status-panel";
import { getReadWarehouse } from "@/lib/db/read-warehouse";
import { getMetricStatusOrThrow } from "@/lib/intent/queries/get-metric-status-or-throw";
import type { ValueFormat } from "@/lib/metrics/format";

/** The status line under the metric's header: read on the server. */
export async function StatusSection({ metricKey, format, viewer }: { metricKey: string; format: ValueFormat; viewer: Viewer }) {
  const summary = await getMetricStatusOrThrow(await getReadWarehouse(), viewer, metricKey);
  return <MetricStatusPanel summary={summary} format={format} />;
}
