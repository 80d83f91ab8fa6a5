"use client";

import { useEffect, useState } from "react";
import { ErrorState, errorDigest } from "@/components/ui/error-state";
import { apiErrorSchema } from "@/lib/metrics/api-schema";

// A server error reaches this boundary without its message in production, so
// the cause is asked of /api/health: an unreachable warehouse gets its own
// explanation (Triad reconnects by itself); anything else the generic one.
type Cause = { kind: "checking" } | { kind: "warehouse"; message: string } | { kind: "other" };

async function askCause(signal: AbortSignal): Promise<Cause> {
  try {
    const res = await fetch("/api/health", { cache: "no-store", signal });
    if (res.status !== 503) return { kind: "other" };
    const body = apiErrorSchema.safeParse(await res.json());
    return body.success && body.data.error.code === "warehouse_unavailable" ? { kind: "warehouse", message: body.data.error.message } : { kind: "other" };
  } catch {
    return { kind: "other" };
  }
}

export default function ErrorPage({ error, retry }: { error: unknown; retry: () => void }) {
  const [cause, setCause] = useState<Cause>({ kind: "checking" });
  useEffect(() => {
    console.error(error);
    const controller = new AbortController();
    void askCause(controller.signal).then((c) => {
      if (!controller.signal.aborted) setCause(c);
    });
    return () => controller.abort();
  }, [error]);
  const digest = errorDigest(error);
  const links = [{ href: "/metrics", label: "Open the metric catalog" }];

  if (cause.kind === "warehouse") {
    return (
      <ErrorState title="The warehouse is not reachable" digest={digest} onRetry={retry} links={links}>
        <p>{cause.message}</p>
        <p>
          Nothing was changed, and nothing needs restarting: when the database answers again, Try again loads this page. If it stays down, check that
          PostgreSQL is running and that <code className="font-mono">DATABASE_URL</code> points at it.
        </p>
      </ErrorState>
    );
  }
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
