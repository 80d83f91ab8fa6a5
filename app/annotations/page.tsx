import { authorizePage } from "@/lib/auth/authorize";
import { viewerCan } from "@/lib/auth/viewer-schema";
import type { Metadata } from "next";
import Link from "next/link";
import { AnnotationForm } from "@/components/annotations/annotation-form";
import { AnnotationList } from "@/components/annotations/annotation-list";
import { inputClass, secondaryButton } from "@/components/ui/button-styles";
import { Callout } from "@/components/ui/callout";
import { Card } from "@/components/ui/card";
import { listAnnotations } from "@/lib/annotations/queries/list-annotations";
import { getWarehouse } from "@/lib/db";
import { metricKeySchema } from "@/lib/metrics/definition-schema";
import { readCurrentDefinitions } from "@/lib/metrics/queries/metric-records";
import { readMetricVisibility } from "@/lib/metrics/queries/metric-visibility";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Annotations" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function AnnotationsPage({ searchParams }: { searchParams: SearchParams }) {
  const viewer = await authorizePage("view");
  const params = await searchParams;
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const asked = first(params.metric);
  // Definition changes are many on a busy catalogue; "events" hides them.
  const eventsOnly = first(params.show) === "events";
  const wh = await getWarehouse();
  const definitions = await readCurrentDefinitions(wh);
  const visible = await readMetricVisibility(wh, viewer, definitions);
  const metrics = [...definitions.entries()]
    .filter(([key]) => visible(key))
    .map(([key, d]) => ({ key, name: d.definition.name }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const names = Object.fromEntries(metrics.map((m) => [m.key, m.name]));
  // A malformed or unknown metric is named and ignored, as other pages treat their links.
  const metric =
    asked && metricKeySchema.safeParse(asked).success && definitions.has(asked) && visible(asked) ? asked : undefined;
  const annotations = (await listAnnotations(wh.sql, visible, { metric })).filter(
    (a) => !eventsOnly || a.kind === "event",
  );
  const filtered = metric ? { key: metric, name: names[metric] ?? metric } : undefined;

  return (
    <div className="space-y-6">
      <header>
        <h1 className="text-2xl font-semibold tracking-tight">Annotations</h1>
        <p className="text-muted mt-1 max-w-3xl text-sm">
          Events that explain a change in the numbers (launches, outages, price changes), drawn as
          “i” on the chart of every metric they touch, and each change of a metric&apos;s
          definition, taken from its version history. Adding or deleting one is recorded in the
          audit log.
        </p>
      </header>

      {asked && !metric ? (
        <Callout tone="warning" title="One setting in the link was ignored">
          metric: there is no metric with key “{asked}”; showing every annotation.
        </Callout>
      ) : null}

      {viewerCan(viewer, "annotate") ? (
        <Card as="section" aria-label="New annotation" className="p-5">
          <AnnotationForm key={metric ?? ""} metrics={metrics} metric={filtered} headingLevel={2} />
        </Card>
      ) : null}

      <section aria-labelledby="list-heading" className="space-y-3">
        <div className="flex flex-wrap items-end justify-between gap-3">
          <h2 id="list-heading" className="font-semibold">
            {filtered ? `On ${filtered.name}` : "Every annotation"}{" "}
            <span className="text-muted font-normal">
              ({annotations.length.toLocaleString("en-US")})
            </span>
          </h2>
          <form method="get" action="/annotations" className="flex items-end gap-2">
            <div>
              <label htmlFor="annotations-metric" className="text-fg block text-sm font-medium">
                Metric
              </label>
              <select
                id="annotations-metric"
                name="metric"
                defaultValue={metric ?? ""}
                className={`${inputClass} mt-1 w-56`}
              >
                <option value="">Every metric</option>
                {metrics.map((m) => (
                  <option key={m.key} value={m.key}>
                    {m.name}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label htmlFor="annotations-show" className="text-fg block text-sm font-medium">
                Show
              </label>
              <select
                id="annotations-show"
                name="show"
                defaultValue={eventsOnly ? "events" : ""}
                className={`${inputClass} mt-1 w-64`}
              >
                <option value="">Events and definition changes</option>
                <option value="events">Events only</option>
              </select>
            </div>
            <button type="submit" className={secondaryButton}>
              Apply
            </button>
          </form>
        </div>
        {filtered ? (
          <p className="text-muted text-sm">
            Its own annotations, those on every metric, and its definition changes.{" "}
            <Link
              href={`/metrics/${encodeURIComponent(filtered.key)}`}
              className="text-accent font-medium underline"
            >
              Open {filtered.name}
            </Link>
          </p>
        ) : null}
        <AnnotationList
          canEdit={viewerCan(viewer, "annotate")}
          annotations={annotations}
          names={names}
          empty={
            filtered
              ? `No annotations on ${filtered.name} yet.`
              : "No annotations yet. Add one above."
          }
        />
      </section>
    </div>
  );
}
