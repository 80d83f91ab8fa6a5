import type { Viewer } from "@/lib/auth/viewer-schema";
import { LineagePanel } from "@/components/lineage/lineage-panel";
import { Card } from "@/components/ui/card";
import { getReadWarehouse } from "@/lib/db/read-warehouse";
import { NotFoundError } from "@/lib/http/errors";
import { getMetricLineageOrThrow } from "@/lib/lineage/queries/get-metric-lineage-or-throw";

/** The metric's lineage section: read on the server, drawn by the client panel. */
/** Rendered only for roles with the lineage permission (the metric page checks). */
export async function LineageSection({ metricKey, viewer }: { metricKey: string; viewer: Viewer }) {
  let lineage = null;
  try {
    lineage = await getMetricLineageOrThrow(await getReadWarehouse(), viewer, metricKey);
  } catch (error) {
    // A metric that never finished a run has no lineage yet; anything else is a real failure.
    if (!(error instanceof NotFoundError)) throw error;
  }
  return (
    <Card as="section" aria-labelledby="lineage-heading" className="p-5">
      <h2 id="lineage-heading" className="font-semibold">
        Lineage
      </h2>
      <p className="mt-1 mb-3 max-w-3xl text-sm text-muted">
        From the source system through tables, jobs and rollups to this metric, and on to the metrics that read it, as recorded by each metric&apos;s latest run. Each node shows its row count, freshness and quality checks.
      </p>
      {lineage ? <LineagePanel lineage={lineage} /> : <p className="text-sm text-muted">No finished run yet, so no lineage is recorded.</p>}
    </Card>
  );
}
