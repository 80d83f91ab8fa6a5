"use client";

import Link from "next/link";
import { useEffect } from "react";

export default function ErrorPage({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  const digest = error instanceof Error && "digest" in error && typeof error.digest === "string" ? error.digest : null;
  return (
    <div role="alert" className="mx-auto max-w-xl space-y-4 py-16 text-center">
      <h1 className="text-2xl font-semibold tracking-tight">This page could not be loaded</h1>
      <p className="text-muted">
        Triad could not read the warehouse or render this page. If it keeps happening, check that the warehouse is
        reachable (<code className="font-mono">DATABASE_URL</code>, or that no other process holds the embedded one)
        and look in the server log{digest ? " for the reference below" : ""}.
      </p>
      {digest ? (
        <p className="text-sm text-muted">
          Reference: <code className="font-mono text-fg">{digest}</code>
        </p>
      ) : null}
      <p className="flex justify-center gap-4 text-sm font-medium">
        <button type="button" onClick={() => retry()} className="rounded-md bg-accent px-3 py-1.5 text-surface hover:opacity-90">
          Try again
        </button>
        <Link href="/" className="px-3 py-1.5 text-accent hover:underline">
          Go to the overview
        </Link>
      </p>
    </div>
  );
}
