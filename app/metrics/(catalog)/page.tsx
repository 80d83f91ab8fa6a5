import { authorizePage } from "@/lib/auth/authorize";
import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { CatalogTable } from "@/components/metrics/catalog-table";
import { Callout } from "@/components/ui/callout";
import { getReadWarehouse } from "@/lib/db/read-warehouse";
import { listMetricStatuses } from "@/lib/intent/queries/list-metric-statuses";
import { listMetricCatalog } from "@/lib/metrics/queries/list-metric-catalog";
import { describeMatch, searchItems } from "@/lib/search/rank";
import { metricSearchItem } from "@/lib/search/search-item-schema";

export const dynamic = "force-dynamic";

export async function generateMetadata({ searchParams }: { searchParams: SearchParams }): Promise<Metadata> {
  await authorizePage("view");
  const { q } = catalogSearchParamsSchema.parse(await searchParams);
  return { title: q ? `Metrics matching “${q}”` : "Metrics" };
}

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** The catalog's query string: q, the search; a repeated or odd value means no search. */
const catalogSearchParamsSchema = z.object({
  q: z
    .string()
    .max(200)
    .transform((q) => q.trim())
    .catch("")
    .default(""),
});

const tagHref = (tag: string) => `/metrics?q=${encodeURIComponent(tag)}`;

export default async function MetricsPage({ searchParams }: { searchParams: SearchParams }) {
  const viewer = await authorizePage("view");
  const { q: query } = catalogSearchParamsSchema.parse(await searchParams);
  const wh = await getReadWarehouse();
  const [catalog, statusList] = await Promise.all([listMetricCatalog(wh, viewer), listMetricStatuses(wh)]);
  // Statuses are read for every metric; only those in the viewer's catalog are shown.
  const statuses = Object.fromEntries(statusList.filter((s) => catalog.some((m) => m.key === s.key)).map((s) => [s.key, s.status]));
  const results = query ? searchItems(catalog.map(metricSearchItem), query) : [];
  const byKey = new Map(catalog.map((m) => [m.key, m]));
  const shown = query ? results.flatMap((r) => byKey.get(r.item.id) ?? []) : catalog;
  const reasons: Record<string, string> = {};
  for (const r of results) {
    const why = describeMatch(r.match);
    if (why) reasons[r.item.id] = why;
  }

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div className="space-y-1">
          <h1 className="text-2xl font-semibold tracking-tight">Metrics</h1>
          <p className="text-sm text-muted">
            Every metric defined in <code className="font-mono">metrics/</code>: what it means, who owns it, its unit, how fresh its data is and
            how its last run went.
          </p>
        </div>
        <form role="search" action="/metrics" className="flex flex-wrap items-center gap-2">
          <label htmlFor="metric-search" className="text-sm font-medium text-fg">
            Search
          </label>
          <input
            id="metric-search"
            type="search"
            name="q"
            defaultValue={query}
            placeholder="Name, synonym or tag"
            aria-describedby="metric-search-hint"
            className="w-64 rounded-md border border-line-strong bg-surface px-3 py-1.5 text-sm text-fg placeholder:text-muted"
          />
          <button type="submit" className="rounded-md bg-accent px-3 py-1.5 text-sm font-medium text-on-accent hover:opacity-90">
            Search
          </button>
          <p id="metric-search-hint" className="w-full text-xs text-muted">
            Or press <kbd className="font-sans">/</kbd> anywhere for instant search.
          </p>
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
          <p>
            Search looks in names, keys, synonyms, tags, descriptions and owners, and forgives a typo in longer words. Try fewer words, or{" "}
            <Link href="/metrics" className="font-medium text-accent underline">
              see all {catalog.length} metrics
            </Link>
            .
          </p>
        </Callout>
      ) : (
        <>
          <p className="flex flex-wrap items-center gap-x-3 text-sm text-muted" role="status">
            <span>
              {query ? `${shown.length} of ${catalog.length} metrics match “${query}”, best match first.` : `${catalog.length} metrics, headline metrics first.`}
            </span>
            {query ? (
              <Link href="/metrics" className="font-medium text-accent hover:underline">
                Clear search
              </Link>
            ) : null}
          </p>
          <CatalogTable metrics={shown} caption={query ? `Metrics matching “${query}”` : "All metrics"} reasons={reasons} tagHref={tagHref} statuses={statuses} />
        </>
      )}
    </div>
  );
}
