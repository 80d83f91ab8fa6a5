// In a route group so that it wraps the overview only: a loading boundary above a
// page that calls notFound() starts the response as 200 and turns its 404
// into a soft one (see the status codes of loading.js in the Next.js docs).
import { LoadingState } from "@/components/ui/loading-state";
import { Skeleton } from "@/components/ui/skeleton";

export default function OverviewLoading() {
  return (
    <LoadingState title="Loading the headline metrics…" detail="Reading the latest values from the warehouse. If this takes more than a few seconds, the warehouse may still be starting: wait, then reload.">
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {Array.from({ length: 6 }, (_, i) => (
          <div key={i} className="space-y-3 rounded-xl border border-line bg-surface p-5">
            <Skeleton className="h-4 w-32" />
            <Skeleton className="h-8 w-24" />
            <Skeleton className="h-4 w-40" />
            <Skeleton className="h-11 w-full" />
          </div>
        ))}
      </div>
    </LoadingState>
  );
}
