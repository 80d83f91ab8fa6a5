"use client";

import { useId, useRef, useState, type ReactNode } from "react";
import { apiErrorMessage } from "@/components/ui/api-error";
import { dangerButton, dangerSolidButton, secondaryButton } from "@/components/ui/button-styles";

export interface ConfirmDeleteButtonProps {
  /** Sent a DELETE when confirmed; 204 is done, 404 too (already gone, which is what was asked). */
  url: string;
  /** The thing's kind, for messages: "dashboard", "annotation", "user". */
  noun: string;
  /** The button's content (visible text plus any screen-reader words). */
  trigger: ReactNode;
  /** Extra classes for the trigger (e.g. a smaller size in lists). */
  triggerClassName?: string;
  /** The dialog's question and what deleting does. */
  title: ReactNode;
  description: ReactNode;
  /** The safe choice, focused when the dialog opens: "Keep it". */
  keepLabel: string;
  /** Called after the server deleted it (navigate or refresh). */
  onDeleted: () => void;
}

/** A delete button that asks first in a modal dialog (the safe choice focused) and says why a deletion failed. */
export function ConfirmDeleteButton({ url, noun, trigger, triggerClassName = "", title, description, keepLabel, onDeleted }: ConfirmDeleteButtonProps) {
  const id = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function confirm() {
    setBusy(true);
    setError(null);
    try {
      const res = await fetch(url, { method: "DELETE" });
      if (res.status !== 204 && res.status !== 404) {
        setError(apiErrorMessage(await res.json().catch(() => null), `The ${noun} could not be deleted (HTTP ${res.status}).`));
        return;
      }
      dialog.current?.close();
      onDeleted();
    } catch {
      setError("The server could not be reached; nothing was deleted.");
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <button type="button" className={`${dangerButton} ${triggerClassName}`} onClick={() => dialog.current?.showModal()}>
        {trigger}
      </button>
      <dialog
        ref={dialog}
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-text`}
        className="border-line bg-surface text-fg m-auto w-[min(28rem,calc(100vw-2rem))] rounded-xl border p-5 shadow-xl backdrop:bg-black/50"
        onClose={() => setError(null)}
      >
        <h2 id={`${id}-title`} className="text-lg font-semibold">
          {title}
        </h2>
        <p id={`${id}-text`} className="text-muted mt-2 text-sm">
          {description}
        </p>
        {error ? (
          <p role="alert" className="text-bad mt-3 text-sm">
            {error}
          </p>
        ) : null}
        <div className="mt-5 flex justify-end gap-2">
          {/* First in the dialog, so the safe choice has the focus when it opens. */}
          <button type="button" className={secondaryButton} onClick={() => dialog.current?.close()} autoFocus>
            {keepLabel}
          </button>
          <button type="button" className={dangerSolidButton} onClick={() => void confirm()} disabled={busy}>
            {busy ? "Deleting…" : `Delete ${noun}`}
          </button>
        </div>
      </dialog>
    </>
  );
}
