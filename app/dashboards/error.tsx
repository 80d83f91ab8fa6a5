"use client";

import { usePathname } from "next/navigation";
import { useEffect } from "react";
import { ErrorState, errorDigest } from "@/components/ui/error-state";

// Catches the list of dashboards and, unless it has its own, each dashboard below it.
export default function DashboardsError({ error, retry }: { error: unknown; retry: () => void }) {
  const list = usePathname() === "/dashboards";
  useEffect(() => {
    console.error(error);
  }, [error]);
  const digest = errorDigest(error);
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
