import { authorizePage } from "@/lib/auth/authorize";
import { MetricStatusPanel } from "@/components/intent/metric-status-panel";
import { getReadWarehouse } from "@/lib/db/read-warehouse";
import { getMetricStatusOrThrow } from "@/lib/intent/queries/get-metric-status-or-throw";
import type { ValueFormat } from "@/lib/metrics/format";

/** The status line under the metric's header: read on the server. */
export async function StatusSection({ metricKey, format }: { metricKey: string; format: ValueFormat }) {
  const summary = await getMetricStatusOrThrow(await getReadWarehouse(), await authorizePage("view"), metricKey);
  return <MetricStatusPanel summary={summary} format={format} />;
}
