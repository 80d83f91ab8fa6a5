import { DriversPanel } from "@/components/drivers/drivers-panel";
import { getReadWarehouse } from "@/lib/db/read-warehouse";
import { getMetricDriversOrThrow } from "@/lib/drivers/queries/get-metric-drivers-or-throw";
import type { DriversSelection } from "@/lib/drivers/drivers-schema";
import type { Grain } from "@/lib/metrics/definition-schema";
import { metricViewSearchParams } from "@/lib/metrics/view-params";
import type { MetricView } from "@/lib/metrics/view-schema";

/** "What drove the change" for the periods in the URL (by default the latest complete one and the one before). */
export async function DriversSection({
  metricKey,
  metricName,
  grains,
  selection,
  warnings,
  view,
}: {
  metricKey: string;
  metricName: string;
  grains: readonly Grain[];
  selection: DriversSelection;
  warnings: readonly string[];
  /** The chart's view, kept when other periods are picked. */
  view: MetricView;
}) {
  const drivers = await getMetricDriversOrThrow(await getReadWarehouse(), metricKey, selection);
  const keep = [...metricViewSearchParams(view).entries()] as const;
  return <DriversPanel metricKey={metricKey} metricName={metricName} drivers={drivers} grains={grains} keep={keep} warnings={warnings} />;
}
