"use client";

import { useRouter } from "next/navigation";
import { ConfirmDeleteButton } from "@/components/forms/confirm-delete-button";

/** Deletes an account after the admin confirms in a modal dialog; its sessions end at once and the audit log keeps the deletion. */
export function DeleteUserButton({ id, email }: { id: string; email: string }) {
  const router = useRouter();
  return (
    <ConfirmDeleteButton
      url={`/api/users/${encodeURIComponent(id)}`}
      noun="user"
      trigger={
        <>
          Delete<span className="sr-only"> user {email}</span>
        </>
      }
      triggerClassName="px-2 py-1 text-xs"
      title={`Delete ${email}?`}
      description="They are signed out everywhere at once and can no longer sign in. What they wrote stays, under their email; the audit log keeps a record of this deletion."
      keepLabel="Keep them"
      onDeleted={() => router.refresh()}
    />
  );
}
