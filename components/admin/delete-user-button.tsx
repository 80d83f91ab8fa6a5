"use client";

import { useRouter } from "next/navigation";
import { useId, useRef, useState } from "react";
import { apiErrorMessage } from "@/components/dashboards/api-error";
import {
  dangerButton,
  dangerSolidButton,
  secondaryButton,
} from "@/components/dashboards/button-styles";

/** Deletes an account after the admin confirms in a modal dialog; its sessions end at once and the audit log keeps the deletion. */
export function DeleteUserButton({ id: userId, email }: { id: string; email: string }) {
  const router = useRouter();
  const id = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function confirm() {
    setBusy(true);
    setError(null);
    try {
      const res = await fetch(`/api/users/${encodeURIComponent(userId)}`, { method: "DELETE" });
      // 404: already deleted elsewhere, which is what was asked.
      if (res.status !== 204 && res.status !== 404) {
        setError(
          apiErrorMessage(
            await res.json().catch(() => null),
            `The user could not be deleted (HTTP ${res.status}).`,
          ),
        );
        return;
      }
      dialog.current?.close();
      router.refresh();
    } catch {
      setError("The server could not be reached; nothing was deleted.");
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <button
        type="button"
        className={`${dangerButton} px-2 py-1 text-xs`}
        onClick={() => dialog.current?.showModal()}
      >
        Delete<span className="sr-only"> user {email}</span>
      </button>
      <dialog
        ref={dialog}
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-text`}
        className="border-line bg-surface text-fg m-auto w-[min(28rem,calc(100vw-2rem))] rounded-xl border p-5 shadow-xl backdrop:bg-black/50"
        onClose={() => setError(null)}
      >
        <h2 id={`${id}-title`} className="text-lg font-semibold">
          Delete {email}?
        </h2>
        <p id={`${id}-text`} className="text-muted mt-2 text-sm">
          They are signed out everywhere at once and can no longer sign in. What they wrote stays,
          under their email; the audit log keeps a record of this deletion.
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
            Keep them
          </button>
          <button
            type="button"
            className={dangerSolidButton}
            onClick={() => void confirm()}
            disabled={busy}
          >
            {busy ? "Deleting…" : "Delete user"}
          </button>
        </div>
      </dialog>
    </>
  );
}
