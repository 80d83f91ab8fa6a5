"use client";

import { useRouter } from "next/navigation";
import { useRef, useState, useTransition } from "react";
import type { AlertAction, AlertStatus } from "@/lib/alerts/alert-schema";

const button =
  "rounded-md border border-line-strong bg-surface px-3 py-1.5 text-sm font-medium text-fg hover:bg-raised aria-disabled:cursor-wait aria-disabled:opacity-60";

const DONE: Record<AlertAction, string> = { acknowledge: "Acknowledged.", resolve: "Resolved." };

/** Acknowledge and Resolve for one alert, through the API; the page re-reads the inbox after each. */
export function AlertActions({ alertId, status, label }: { alertId: string; status: AlertStatus; label: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  // Not `disabled` while busy: a disabled button drops the keyboard focus.
  const inFlight = useRef(false);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const resolveRef = useRef<HTMLButtonElement>(null);
  const statusRef = useRef<HTMLParagraphElement>(null);

  async function act(action: AlertAction) {
    if (inFlight.current) return;
    inFlight.current = true;
    setMessage({ text: action === "acknowledge" ? "Acknowledging…" : "Resolving…", error: false });
    const response = await fetch(`/api/alerts/${encodeURIComponent(alertId)}/${action}`, { method: "POST" }).catch(() => null);
    inFlight.current = false;
    if (!response?.ok) {
      const body: unknown = await response?.json().catch(() => null);
      const detail = typeof body === "object" && body !== null && "error" in body && typeof body.error === "object" && body.error !== null && "message" in body.error ? String(body.error.message) : "The server could not be reached.";
      setMessage({ text: detail, error: true });
      statusRef.current?.focus();
      return;
    }
    setMessage({ text: DONE[action], error: false });
    startTransition(() => router.refresh());
    // Keep the keyboard where the next step is: Resolve after acknowledging, the confirmation after resolving.
    (action === "acknowledge" ? resolveRef : statusRef).current?.focus();
  }

  return (
    <div className="flex flex-wrap items-center gap-2" aria-busy={pending || undefined}>
      {status === "open" ? (
        <button type="button" className={button} aria-disabled={pending || undefined} onClick={() => void act("acknowledge")} aria-label={`Acknowledge: ${label}`}>
          Acknowledge
        </button>
      ) : null}
      {status !== "resolved" ? (
        <button ref={resolveRef} type="button" className={button} aria-disabled={pending || undefined} onClick={() => void act("resolve")} aria-label={`Resolve: ${label}`}>
          Resolve
        </button>
      ) : null}
      <p ref={statusRef} tabIndex={-1} role="status" className={`text-sm outline-none ${message?.error ? "text-bad" : "text-muted"}`}>
        {message ? (message.error ? `Not changed: ${message.text}` : message.text) : null}
      </p>
    </div>
  );
}
