// In a route group so that it wraps the catalog only: a loading boundary above a
// page that calls notFound() starts the response as 200 and turns its 404
// into a soft one (see the status codes of loading.js in the Next.js docs).
import { LoadingState } from "@/components/ui/loading-state";
import { Skeleton } from "@/components/ui/skeleton";

export default function CatalogLoading() {
  return (
    <LoadingState title="Loading the metric catalog…" detail="Reading every metric's definition, freshness and last run. If this takes more than a few seconds, the warehouse may still be starting: wait, then reload.">
      <div className="divide-y divide-line rounded-xl border border-line bg-surface">
        {Array.from({ length: 8 }, (_, i) => (
          <div key={i} className="flex gap-6 px-4 py-4">
            <div className="w-1/3 space-y-2">
              <Skeleton className="h-4 w-40" />
              <Skeleton className="h-3 w-full" />
            </div>
            <Skeleton className="h-4 w-24" />
            <Skeleton className="h-4 w-32" />
            <Skeleton className="h-4 w-20" />
          </div>
        ))}
      </div>
    </LoadingState>
  );
}
