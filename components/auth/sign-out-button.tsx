"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";

/** Ends the session on the server (its row is deleted), then shows the sign-in page. */
export function SignOutButton() {
  const [pending, setPending] = useState(false);
  const router = useRouter();
  return (
    <button
      type="button"
      disabled={pending}
      onClick={async () => {
        setPending(true);
        // Better Auth's sign-out endpoint, called directly: its browser client
        // would add ~11 kB gzip to every page for this one request.
        await fetch("/api/auth/sign-out", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" }).catch(() => undefined);
        router.replace("/sign-in");
        router.refresh();
      }}
      className="rounded-md border border-line px-2.5 py-1 text-sm text-fg hover:bg-raised disabled:opacity-60"
    >
      {pending ? "Signing out…" : "Sign out"}
    </button>
  );
}
