import type { Metadata } from "next";
import { CatalogTable } from "@/components/metrics/catalog-table";
import { Callout } from "@/components/ui/callout";
import { getWarehouse } from "@/lib/db";
import type { CatalogEntry } from "@/lib/metrics/api-schema";
import { listMetricCatalog } from "@/lib/metrics/queries/list-metric-catalog";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Metrics" };

/** Every word of the query appears in the metric's key, name, description, owner, tags or synonyms. */
function matches(metric: CatalogEntry, query: string): boolean {
  const haystack = [metric.key, metric.name, metric.description, metric.owner, ...metric.tags, ...metric.synonyms].join(" ").toLowerCase();
  return query
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => haystack.includes(word));
}

export default async function MetricsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { q } = await searchParams;
  const query = typeof q === "string" ? q.trim() : "";
  const catalog = await listMetricCatalog(await getWarehouse());
  const shown = query ? catalog.filter((m) => matches(m, query)) : catalog;

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Metrics</h1>
          <p className="mt-1 text-sm text-muted">
            Every metric defined in <code className="font-mono">metrics/</code>, with its owner, freshness and last run.
          </p>
        </div>
        <form role="search" action="/metrics" className="flex items-center gap-2">
          <label htmlFor="metric-search" className="sr-only">
            Search metrics
          </label>
          <input
            id="metric-search"
            type="search"
            name="q"
            defaultValue={query}
            placeholder="Name, tag or synonym"
            className="w-64 rounded-md border border-line-strong bg-surface px-3 py-1.5 text-sm text-fg placeholder:text-muted"
          />
          <button type="submit" className="rounded-md bg-accent px-3 py-1.5 text-sm font-medium text-surface hover:opacity-90">
            Search
          </button>
        </form>
      </div>
      {catalog.length === 0 ? (
        <Callout title="No metrics in the warehouse yet">
          <p>
            Run <code className="rounded bg-raised px-1.5 py-0.5 font-mono whitespace-nowrap text-fg">npm run triad -- compute</code> to load
            the definitions in <code className="font-mono">metrics/</code> and compute their values.
          </p>
        </Callout>
      ) : shown.length === 0 ? (
        <Callout title={`No metric matches “${query}”`}>
          <p>Search looks in names, keys, descriptions, owners, tags and synonyms.</p>
        </Callout>
      ) : (
        <>
          <p className="text-sm text-muted" aria-live="polite">
            {query ? `${shown.length} of ${catalog.length} metrics match “${query}”.` : `${catalog.length} metrics.`}
          </p>
          <CatalogTable metrics={shown} caption={query ? `Metrics matching “${query}”` : "All metrics"} />
        </>
      )}
    </div>
  );
}
