"use client";

import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { createDashboardBodySchema, MAX_NAME_LENGTH } from "@/lib/dashboards/schema";
import { primaryButton, inputClass } from "@/components/ui/button-styles";
import { apiErrorMessage } from "@/components/ui/api-error";

/** Names a new, empty dashboard and opens it in edit mode. */
export function CreateDashboardForm() {
  const router = useRouter();
  const id = useId();
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const body = createDashboardBodySchema.safeParse({ name });
    if (!body.success) {
      setError(`Name ${body.error.issues[0]?.message ?? "is not valid"}.`);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const res = await fetch("/api/dashboards", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body.data),
      });
      const json: unknown = await res.json().catch(() => null);
      if (res.status !== 201) {
        setError(apiErrorMessage(json, "The dashboard could not be created."));
        return;
      }
      const slug = (json as { slug: string }).slug;
      router.push(`/dashboards/${slug}/edit`);
    } catch {
      setError("The server could not be reached. Check your connection and try again.");
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      onSubmit={submit}
      className="flex flex-wrap items-end gap-3"
      aria-labelledby={`${id}-heading`}
    >
      <h2 id={`${id}-heading`} className="sr-only">
        New dashboard
      </h2>
      <div className="w-full max-w-sm space-y-1">
        <label htmlFor={`${id}-name`} className="text-fg block text-sm font-medium">
          Name of a new dashboard
        </label>
        <input
          id={`${id}-name`}
          className={inputClass}
          value={name}
          maxLength={MAX_NAME_LENGTH}
          onChange={(e) => setName(e.target.value)}
          placeholder="e.g. Weekly business review"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          autoComplete="off"
        />
      </div>
      <button type="submit" className={primaryButton} disabled={busy}>
        {busy ? "Creating…" : "Create dashboard"}
      </button>
      {error ? (
        <p id={`${id}-error`} role="alert" className="text-bad w-full text-sm">
          <span aria-hidden>× </span>
          {error}
        </p>
      ) : null}
    </form>
  );
}
