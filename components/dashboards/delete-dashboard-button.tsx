"use client";

import { useRouter } from "next/navigation";
import { useId, useRef, useState } from "react";
import { apiErrorMessage } from "./api-error";
import { dangerButton, dangerSolidButton, secondaryButton } from "./button-styles";

/** Deletes a dashboard after the user confirms in a modal dialog. */
export function DeleteDashboardButton({ slug, name }: { slug: string; name: string }) {
  const router = useRouter();
  const id = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function confirm() {
    setBusy(true);
    setError(null);
    try {
      const res = await fetch(`/api/dashboards/${slug}`, { method: "DELETE" });
      if (res.status !== 204 && res.status !== 404) {
        setError(
          apiErrorMessage(
            await res.json().catch(() => null),
            `The dashboard could not be deleted (HTTP ${res.status}).`,
          ),
        );
        return;
      }
      dialog.current?.close();
      router.push("/dashboards");
      router.refresh();
    } catch {
      setError("The server could not be reached; nothing was deleted.");
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <button type="button" className={dangerButton} onClick={() => dialog.current?.showModal()}>
        Delete dashboard…
      </button>
      <dialog
        ref={dialog}
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-text`}
        className="border-line bg-surface text-fg m-auto w-[min(28rem,calc(100vw-2rem))] rounded-xl border p-5 shadow-xl backdrop:bg-black/50"
        onClose={() => setError(null)}
      >
        <h2 id={`${id}-title`} className="text-lg font-semibold">
          Delete “{name}”?
        </h2>
        <p id={`${id}-text`} className="text-muted mt-2 text-sm">
          The dashboard and its tiles are deleted for everyone, and its link stops working. This
          cannot be undone.
        </p>
        {error ? (
          <p role="alert" className="text-bad mt-3 text-sm">
            {error}
          </p>
        ) : null}
        <div className="mt-5 flex justify-end gap-2">
          {/* First in the dialog, so the safe choice has the focus when it opens. */}
          <button
            type="button"
            className={secondaryButton}
            onClick={() => dialog.current?.close()}
            autoFocus
          >
            Keep it
          </button>
          <button type="button" className={dangerSolidButton} onClick={confirm} disabled={busy}>
            {busy ? "Deleting…" : "Delete dashboard"}
          </button>
        </div>
      </dialog>
    </>
  );
}
