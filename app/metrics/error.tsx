"use client";

import { usePathname } from "next/navigation";
import { useErrorCause, WarehouseOutageState } from "@/components/shell/warehouse-outage";
import { ErrorState, errorDigest } from "@/components/ui/error-state";

// Catches the catalog and, unless it has its own, every metric's page below it.
export default function MetricsError({ error, retry }: { error: unknown; retry: () => void }) {
  const catalog = usePathname() === "/metrics";
  const cause = useErrorCause(error);
  const digest = errorDigest(error);
  if (cause.kind === "warehouse") return <WarehouseOutageState message={cause.message} error={error} retry={retry} links={catalog ? [{ href: "/", label: "Go to the overview" }] : [{ href: "/metrics", label: "Back to the metric catalog" }]} />;
  const inLog = `look in the server log${digest ? " for the reference below" : ""}`;
  return catalog ? (
    <ErrorState title="The metric catalog could not be loaded" digest={digest} onRetry={retry} links={[{ href: "/", label: "Go to the overview" }]}>
      <p>Triad could not read the metric definitions or their last runs from the warehouse. No definition or value was changed.</p>
      <p>
        Try again in a moment. If it keeps failing, check that the warehouse is reachable and that{" "}
        <code className="font-mono">npm run triad -- lint</code> passes, then {inLog}.
      </p>
    </ErrorState>
  ) : (
    <ErrorState title="This metric could not be loaded" digest={digest} onRetry={retry} links={[{ href: "/metrics", label: "Back to the metric catalog" }]}>
      <p>Triad could not read this metric&apos;s definition or values from the warehouse, or could not draw them. Nothing was changed.</p>
      <p>
        Try again in a moment, or with a shorter range or no breakdown. If it keeps failing, {inLog}.
      </p>
    </ErrorState>
  );
}
