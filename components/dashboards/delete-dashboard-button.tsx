"use client";

import { useRouter } from "next/navigation";
import { ConfirmDeleteButton } from "@/components/forms/confirm-delete-button";

/** Deletes a dashboard after the user confirms in a modal dialog. */
export function DeleteDashboardButton({ slug, name }: { slug: string; name: string }) {
  const router = useRouter();
  return (
    <ConfirmDeleteButton
      url={`/api/dashboards/${slug}`}
      noun="dashboard"
      trigger="Delete dashboard…"
      title={<>Delete “{name}”?</>}
      description="The dashboard and its tiles are deleted for everyone, and its link stops working. This cannot be undone."
      keepLabel="Keep it"
      onDeleted={() => {
        router.push("/dashboards");
        router.refresh();
      }}
    />
  );
}
