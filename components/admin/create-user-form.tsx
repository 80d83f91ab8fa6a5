"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useId, useRef, useState } from "react";
import { fieldErrors } from "@/components/forms/field-errors";
import { apiErrorMessage, apiErrorParameter } from "@/components/ui/api-error";
import { inputClass, primaryButton, secondaryButton } from "@/components/ui/button-styles";
import { roleSchema } from "@/lib/auth/roles";
import {
  createdUserSchema,
  type CreatedUser,
  type CreateUserBodyInput,
  createUserBodySchema,
  MAX_NAME_LENGTH,
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  parseGroupsText,
} from "@/lib/auth/user-schema";

type Field = "email" | "name" | "role" | "groups" | "password";
type Errors = Partial<Record<Field | "form", string>>;

const LABELS: Record<Field, string> = {
  email: "Email",
  name: "Name",
  role: "Role",
  groups: "Groups",
  password: "Password",
};
const FIELDS = Object.keys(LABELS) as Field[];
const fieldOf = (path: string | undefined): Field | null =>
  FIELDS.find((f) => f === path?.split(".")[0]) ?? null;

/**
 * Creates an account. Without a password the server generates one, shown here
 * once with a copy button: it is stored only as a hash and cannot be shown again.
 */
export function CreateUserForm() {
  const router = useRouter();
  const id = useId();
  const form = useRef<HTMLFormElement>(null);
  const [errors, setErrors] = useState<Errors>({});
  const { fieldId, errorId, invalid, errorText } = fieldErrors<Field>(id, errors);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<CreatedUser | null>(null);
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);

  function show(found: Errors) {
    setErrors(found);
    const first = FIELDS.find((f) => found[f]);
    if (first) document.getElementById(fieldId(first))?.focus();
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const text = (name: Field) => String(data.get(name) ?? "");
    const input: CreateUserBodyInput = {
      email: text("email"),
      name: text("name"),
      role: text("role") as CreateUserBodyInput["role"],
      groups: parseGroupsText(text("groups")),
      ...(text("password") ? { password: text("password") } : {}),
    };
    setCreated(null);
    setCopied(null);
    const parsed = createUserBodySchema.safeParse(input);
    if (!parsed.success) {
      const found: Errors = {};
      for (const issue of parsed.error.issues) {
        const field = fieldOf(issue.path.map(String).join("."));
        const value =
          field === "groups" && typeof issue.path[1] === "number"
            ? ` (“${input.groups?.[issue.path[1]]}”)`
            : "";
        found[field ?? "form"] ??=
          `${field ? LABELS[field] : "The user"}${value} ${issue.message}.`;
      }
      show(found);
      return;
    }
    setBusy(true);
    setErrors({});
    try {
      const res = await fetch("/api/users", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(parsed.data),
      });
      const body: unknown = await res.json().catch(() => null);
      if (res.status !== 201) {
        const field = res.status === 409 ? "email" : fieldOf(apiErrorParameter(body));
        show({
          [field ?? "form"]: apiErrorMessage(
            body,
            `The user could not be created (HTTP ${res.status}).`,
          ),
        });
        return;
      }
      setCreated(createdUserSchema.parse(body));
      form.current?.reset();
      router.refresh();
    } catch {
      setErrors({ form: "The server could not be reached; no user was created." });
    } finally {
      setBusy(false);
    }
  }

  async function copy(password: string) {
    try {
      await navigator.clipboard.writeText(password);
      setCopied("yes");
    } catch {
      setCopied("failed");
    }
  }

  const label = (f: Field, hint?: string) => (
    <label htmlFor={fieldId(f)} className="text-fg block text-sm font-medium">
      {LABELS[f]} {hint ? <span className="text-muted font-normal">({hint})</span> : null}
    </label>
  );

  return (
    <form
      ref={form}
      onSubmit={submit}
      noValidate
      className="space-y-4"
      aria-labelledby={`${id}-heading`}
    >
      <h2 id={`${id}-heading`} className="font-medium">
        New user
      </h2>
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <div>
          {label("email")}
          <input
            id={fieldId("email")}
            name="email"
            type="email"
            required
            autoComplete="off"
            className={`${inputClass} mt-1`}
            {...invalid("email")}
          />
          {errorText("email")}
        </div>
        <div>
          {label("name", "optional")}
          <input
            id={fieldId("name")}
            name="name"
            maxLength={MAX_NAME_LENGTH}
            autoComplete="off"
            className={`${inputClass} mt-1`}
            {...invalid("name")}
          />
          {errorText("name")}
        </div>
        <div>
          {label("role")}
          <select
            id={fieldId("role")}
            name="role"
            defaultValue="viewer"
            className={`${inputClass} mt-1`}
            {...invalid("role")}
          >
            {roleSchema.options.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
          {errorText("role")}
        </div>
        <div>
          {label("groups", "optional, comma-separated")}
          <input
            id={fieldId("groups")}
            name="groups"
            placeholder="e.g. finance"
            autoComplete="off"
            className={`${inputClass} mt-1`}
            {...invalid("groups")}
          />
          {errorText("groups")}
        </div>
      </div>
      <div className="max-w-md">
        {label("password", "optional")}
        <input
          id={fieldId("password")}
          name="password"
          type="password"
          autoComplete="new-password"
          maxLength={MAX_PASSWORD_LENGTH}
          className={`${inputClass} mt-1`}
          aria-describedby={
            errors.password ? `${errorId("password")} ${id}-password-hint` : `${id}-password-hint`
          }
          {...(errors.password ? { "aria-invalid": true as const } : {})}
        />
        <p id={`${id}-password-hint`} className="text-muted mt-1 text-xs">
          Leave empty to have one generated (shown once). At least {MIN_PASSWORD_LENGTH} characters.
        </p>
        {errorText("password")}
      </div>
      {errors.form || Object.keys(errors).length ? (
        <p role="alert" className="text-bad text-sm">
          <span aria-hidden>× </span>
          {errors.form ?? "No user was created; fix the fields marked ×."}
        </p>
      ) : null}
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" className={primaryButton} disabled={busy}>
          {busy ? "Creating…" : "Create user"}
        </button>
      </div>
      {created ? (
        <div
          role="status"
          className="border-line bg-raised space-y-2 rounded-lg border p-4 text-sm"
        >
          <p className="text-fg font-medium">
            Created {created.user.email} ({created.user.role}).
          </p>
          {created.generatedPassword ? (
            <>
              <label htmlFor={`${id}-generated`} className="text-fg block font-medium">
                Generated password
              </label>
              <div className="flex max-w-md gap-2">
                <input
                  id={`${id}-generated`}
                  readOnly
                  value={created.generatedPassword}
                  onFocus={(e) => e.currentTarget.select()}
                  className={`${inputClass} font-mono`}
                  aria-describedby={`${id}-generated-hint`}
                />
                <button
                  type="button"
                  className={secondaryButton}
                  onClick={() => void copy(created.generatedPassword!)}
                >
                  Copy
                </button>
              </div>
              <p id={`${id}-generated-hint`} className="text-muted">
                Shown only now: copy it and give it to {created.user.email} over a safe channel.
                Only a hash is stored, so it cannot be shown again.
                {copied === "yes"
                  ? " Copied to the clipboard."
                  : copied === "failed"
                    ? " The browser did not allow copying; select the field and copy it yourself."
                    : ""}
              </p>
            </>
          ) : (
            <p className="text-muted">They sign in with the password you gave.</p>
          )}
        </div>
      ) : null}
    </form>
  );
}
