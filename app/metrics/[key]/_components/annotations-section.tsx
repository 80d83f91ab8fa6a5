import Link from "next/link";
import { AnnotationForm } from "@/components/annotations/annotation-form";
import { AnnotationList } from "@/components/annotations/annotation-list";
import { Card } from "@/components/ui/card";
import { listAnnotations } from "@/lib/annotations/queries/list-annotations";
import { getWarehouse } from "@/lib/db";
import { viewerCan, type Viewer } from "@/lib/auth/viewer-schema";
import { readCurrentDefinitions } from "@/lib/metrics/queries/metric-records";
import { readMetricVisibility } from "@/lib/metrics/queries/metric-visibility";

/** The metric's annotations in the chart's range, and a form to add one for roles that may annotate. */
export async function AnnotationsSection({
  metricKey,
  range,
  viewer,
}: {
  metricKey: string;
  range: { from: string; to: string };
  viewer: Viewer;
}) {
  const wh = await getWarehouse();
  const definitions = await readCurrentDefinitions(wh);
  const visible = await readMetricVisibility(wh, viewer, definitions);
  const annotations = await listAnnotations(wh.sql, visible, { metric: metricKey, ...range });
  const metrics = [...definitions.entries()]
    .filter(([key]) => visible(key))
    .map(([key, d]) => ({ key, name: d.definition.name }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const names = Object.fromEntries(metrics.map((m) => [m.key, m.name]));
  const metric = { key: metricKey, name: names[metricKey] ?? metricKey };
  return (
    <Card as="section" aria-labelledby="annotations-heading" className="space-y-4 p-5">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="annotations-heading" className="font-semibold">
          Annotations
        </h2>
        <Link
          href={`/annotations?metric=${encodeURIComponent(metricKey)}`}
          className="text-accent text-sm font-medium underline"
        >
          Every annotation on {metric.name}
        </Link>
      </div>
      <p className="text-muted max-w-3xl text-sm">
        Events that explain a change (a launch, an outage, a price change), marked “i” on the chart,
        and each change of this metric&apos;s definition. Shown: those in the chart&apos;s range,{" "}
        <time dateTime={range.from}>{range.from}</time> to{" "}
        <time dateTime={range.to}>{range.to}</time>.
      </p>
      <AnnotationList
        annotations={annotations}
        names={names}
        empty="No annotations in this range."
        canEdit={viewerCan(viewer, "annotate")}
      />
      {viewerCan(viewer, "annotate") ? (
        <div className="border-line border-t pt-4">
          <AnnotationForm metrics={metrics} metric={metric} />
        </div>
      ) : null}
    </Card>
  );
}
