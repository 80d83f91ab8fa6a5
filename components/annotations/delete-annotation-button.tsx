"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { ConfirmDeleteButton } from "@/components/forms/confirm-delete-button";

/** Deletes an annotation after the user confirms in a modal dialog; the deletion is kept in the audit log. */
export function DeleteAnnotationButton({ id, title }: { id: string; title: string }) {
  const router = useRouter();
  const [deleted, setDeleted] = useState(false);
  // Until the refreshed list arrives without it.
  if (deleted)
    return (
      <p role="status" className="text-muted text-xs">
        Deleted
      </p>
    );
  return (
    <ConfirmDeleteButton
      url={`/api/annotations/${encodeURIComponent(id)}`}
      noun="annotation"
      trigger={
        <>
          Delete<span className="sr-only"> annotation “{title}”</span>
        </>
      }
      triggerClassName="px-2 py-1 text-xs"
      title={<>Delete “{title}”?</>}
      description="It disappears from every chart. The audit log keeps a record of it and of this deletion."
      keepLabel="Keep it"
      onDeleted={() => {
        setDeleted(true);
        router.refresh();
      }}
    />
  );
}
