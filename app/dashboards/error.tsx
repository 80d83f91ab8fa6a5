"use client";

import { usePathname } from "next/navigation";
import { useErrorCause, WarehouseOutageState } from "@/components/shell/warehouse-outage";
import { ErrorState, errorDigest } from "@/components/ui/error-state";

// Catches the list of dashboards and, unless it has its own, each dashboard below it.
export default function DashboardsError({ error, retry }: { error: unknown; retry: () => void }) {
  const list = usePathname() === "/dashboards";
  const cause = useErrorCause(error);
  const digest = errorDigest(error);
  if (cause.kind === "warehouse") return <WarehouseOutageState message={cause.message} error={error} retry={retry} links={list ? [{ href: "/", label: "Go to the overview" }] : [{ href: "/dashboards", label: "Back to the dashboards" }]} />;
  const inLog = `look in the server log${digest ? " for the reference below" : ""}`;
  return list ? (
    <ErrorState title="The dashboards could not be loaded" digest={digest} onRetry={retry} links={[{ href: "/", label: "Go to the overview" }]}>
      <p>Triad could not read the list of dashboards from the warehouse. No dashboard was changed.</p>
      <p>Try again in a moment. If it keeps failing, check that the warehouse is reachable and migrated, then {inLog}.</p>
    </ErrorState>
  ) : (
    <ErrorState title="This dashboard could not be loaded" digest={digest} onRetry={retry} links={[{ href: "/dashboards", label: "Back to all dashboards" }]}>
      <p>Triad could not read this dashboard or the metrics on its tiles, or could not draw them. Its layout and tiles are unchanged.</p>
      <p>Try again in a moment. If it keeps failing, {inLog}.</p>
    </ErrorState>
  );
}
