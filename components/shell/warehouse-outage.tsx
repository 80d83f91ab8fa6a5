"use client";

import { useEffect, useState } from "react";
import { ErrorState, errorDigest } from "@/components/ui/error-state";
import type { ApiError } from "@/lib/metrics/api-schema";

// A server error reaches an error boundary without its message in production,
// so the cause is asked of /api/health: an unreachable warehouse gets its own
// explanation (Triad reconnects by itself); anything else the boundary's own.
export type ErrorCause = { kind: "checking" } | { kind: "warehouse"; message: string } | { kind: "other" };

// A plain check rather than the Zod schema: this module is on every page
// (error boundaries), and Zod would add ~32 kB gzip to each page's first load.
function outageMessage(body: unknown): string | null {
  const error = typeof body === "object" && body !== null ? (body as Partial<ApiError>).error : undefined;
  return error?.code === "warehouse_unavailable" && typeof error.message === "string" ? error.message : null;
}

async function askCause(signal: AbortSignal): Promise<ErrorCause> {
  try {
    const res = await fetch("/api/health", { cache: "no-store", signal });
    if (res.status !== 503) return { kind: "other" };
    const message = outageMessage(await res.json());
    return message === null ? { kind: "other" } : { kind: "warehouse", message };
  } catch {
    return { kind: "other" };
  }
}

/** Logs the error and finds out whether the warehouse is down. */
export function useErrorCause(error: unknown): ErrorCause {
  const [cause, setCause] = useState<ErrorCause>({ kind: "checking" });
  useEffect(() => {
    console.error(error);
    const controller = new AbortController();
    void askCause(controller.signal).then((c) => {
      if (!controller.signal.aborted) setCause(c);
    });
    return () => controller.abort();
  }, [error]);
  return cause;
}

export function WarehouseOutageState({ message, error, retry, links }: { message: string; error: unknown; retry: () => void; links: { href: string; label: string }[] }) {
  return (
    <ErrorState title="The warehouse is not reachable" digest={errorDigest(error)} onRetry={retry} links={links}>
      <p>{message}</p>
      <p>
        Nothing was changed, and nothing needs restarting: when the database answers again, Try again loads this page. If it stays down, check that
        PostgreSQL is running and that <code className="font-mono">DATABASE_URL</code> points at it.
      </p>
    </ErrorState>
  );
}
