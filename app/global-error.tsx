"use client";

import { useEffect } from "react";
import { ErrorState, errorDigest } from "@/components/ui/error-state";
import "./globals.css";

// Replaces the root layout when the layout itself fails, so it draws its own
// document; the theme follows the system, since the cookie cannot be read here.
export default function GlobalError({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  const digest = errorDigest(error);
  return (
    <html lang="en">
      <head>
        <title>Triad could not start this page</title>
      </head>
      <body className="min-h-screen bg-canvas font-sans text-fg">
        <main className="mx-auto max-w-7xl px-4 py-8 sm:px-6">
          <ErrorState title="Triad could not start this page" digest={digest} onRetry={retry} links={[{ href: "/", label: "Go to the overview" }]}>
            <p>The frame around every page, with its navigation and search, failed to render. Nothing was changed.</p>
            <p>Try again in a moment. If it keeps failing, the server log has the cause{digest ? " under the reference below" : ""}.</p>
          </ErrorState>
        </main>
      </body>
    </html>
  );
}
