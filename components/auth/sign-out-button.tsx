"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { authClient } from "./auth-client";

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
        await authClient.signOut();
        router.replace("/sign-in");
        router.refresh();
      }}
      className="rounded-md border border-line px-2.5 py-1 text-sm text-fg hover:bg-raised disabled:opacity-60"
    >
      {pending ? "Signing out…" : "Sign out"}
    </button>
  );
}
