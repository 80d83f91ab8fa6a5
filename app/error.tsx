"use client";

import { useErrorCause, WarehouseOutageState } from "@/components/shell/warehouse-outage";
import { ErrorState, errorDigest } from "@/components/ui/error-state";

export default function ErrorPage({ error, retry }: { error: unknown; retry: () => void }) {
  const cause = useErrorCause(error);
  const digest = errorDigest(error);
  const links = [{ href: "/metrics", label: "Open the metric catalog" }];

  if (cause.kind === "warehouse") return <WarehouseOutageState message={cause.message} error={error} retry={retry} links={links} />;
  return (
    <ErrorState title="This page could not be loaded" digest={digest} onRetry={retry} links={links}>
      <p>Triad could not read the warehouse or draw this page. Nothing you did caused it, and nothing was changed.</p>
      <p>
        Try again in a moment. If it keeps failing, check that the warehouse is reachable (<code className="font-mono">DATABASE_URL</code>, or that no
        other process holds the embedded one) and look in the server log{digest ? " for the reference below" : ""}.
      </p>
    </ErrorState>
  );
}
