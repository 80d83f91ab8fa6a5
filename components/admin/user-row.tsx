"use client";

import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { apiErrorMessage } from "@/components/ui/api-error";
import { inputClass, secondaryButton } from "@/components/ui/button-styles";
import { type Role, roleSchema } from "@/lib/auth/roles";
import {
  type ManagedUser,
  managedUserSchema,
  parseGroupsText,
  updateUserBodySchema,
} from "@/lib/auth/user-schema";
import { formatInstant } from "@/lib/metrics/format";
import { DeleteUserButton } from "./delete-user-button";

type Message = { text: string; error: boolean };

/**
 * One account in the users table: its role and groups edited in place and
 * saved together (audited with before and after), and deletion. The signed-in
 * admin's own row keeps its role and has no delete: the server refuses both.
 */
export function UserRow({ user, isSelf }: { user: ManagedUser; isSelf: boolean }) {
  const router = useRouter();
  const id = useId();
  const [saved, setSaved] = useState(user);
  const [role, setRole] = useState<Role>(user.role);
  const [groups, setGroups] = useState(user.groups.join(", "));
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<Message | null>(null);

  const changed =
    role !== saved.role || parseGroupsText(groups).join(",") !== saved.groups.join(",");

  async function save() {
    if (!changed) {
      setMessage({ text: "Nothing to save: change the role or groups first.", error: false });
      return;
    }
    const parsed = updateUserBodySchema.safeParse({ role, groups: parseGroupsText(groups) });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const bad =
        issue?.path[0] === "groups" && typeof issue.path[1] === "number"
          ? ` “${parseGroupsText(groups)[issue.path[1]]}”`
          : "";
      setMessage({ text: `Group${bad} ${issue?.message ?? "is invalid"}.`, error: true });
      return;
    }
    setBusy(true);
    setMessage(null);
    try {
      const res = await fetch(`/api/users/${encodeURIComponent(user.id)}`, {
        method: "PATCH",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(parsed.data),
      });
      const body: unknown = await res.json().catch(() => null);
      if (res.status !== 200) {
        setMessage({ text: apiErrorMessage(body, `Not saved (HTTP ${res.status}).`), error: true });
        return;
      }
      const next = managedUserSchema.parse(body);
      setSaved(next);
      setRole(next.role);
      setGroups(next.groups.join(", "));
      setMessage({ text: "Saved. Their open sessions use it from their next page.", error: false });
      router.refresh();
    } catch {
      setMessage({ text: "The server could not be reached; nothing was saved.", error: true });
    } finally {
      setBusy(false);
    }
  }

  return (
    <tr className="border-line border-t align-top">
      <th scope="row" className="px-3 py-2 text-left font-normal">
        <span className="font-medium break-all">{user.email}</span>
        {isSelf ? <span className="text-muted block text-xs">you</span> : null}
      </th>
      <td className="px-3 py-2">{user.name}</td>
      <td className="px-3 py-2">
        <label htmlFor={`${id}-role`} className="sr-only">
          Role of {user.email}
        </label>
        <select
          id={`${id}-role`}
          value={role}
          onChange={(e) => setRole(roleSchema.parse(e.target.value))}
          disabled={isSelf}
          aria-describedby={isSelf ? `${id}-self` : undefined}
          className={`${inputClass} w-32`}
        >
          {roleSchema.options.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
        {isSelf ? (
          <p id={`${id}-self`} className="text-muted mt-1 text-xs">
            Another admin changes yours.
          </p>
        ) : null}
      </td>
      <td className="px-3 py-2">
        <label htmlFor={`${id}-groups`} className="sr-only">
          Groups of {user.email}, comma-separated
        </label>
        <input
          id={`${id}-groups`}
          value={groups}
          onChange={(e) => setGroups(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter" && changed && !busy) void save();
          }}
          placeholder="none"
          autoComplete="off"
          className={`${inputClass} w-40`}
          {...(message?.error
            ? { "aria-invalid": true as const, "aria-describedby": `${id}-message` }
            : {})}
        />
      </td>
      <td className="px-3 py-2 whitespace-nowrap">
        <time dateTime={user.createdAt}>{formatInstant(user.createdAt)}</time>
      </td>
      <td className="px-3 py-2 whitespace-nowrap">
        {user.lastSignInAt ? (
          <time dateTime={user.lastSignInAt}>{formatInstant(user.lastSignInAt)}</time>
        ) : (
          <span className="text-muted">never</span>
        )}
      </td>
      <td className="px-3 py-2">
        <div className="flex flex-wrap items-center gap-2">
          <button
            type="button"
            className={`${secondaryButton} px-2 py-1 text-xs`}
            onClick={() => void save()}
            disabled={busy}
            aria-disabled={!changed || undefined}
          >
            {busy ? "Saving…" : "Save"}
            <span className="sr-only"> role and groups of {user.email}</span>
          </button>
          {isSelf ? null : <DeleteUserButton id={user.id} email={user.email} />}
        </div>
        {message ? (
          <p
            id={`${id}-message`}
            role={message.error ? "alert" : "status"}
            className={`mt-1 max-w-56 text-xs ${message.error ? "text-bad" : "text-muted"}`}
          >
            {message.error ? <span aria-hidden>× </span> : null}
            {message.text}
          </p>
        ) : null}
      </td>
    </tr>
  );
}
