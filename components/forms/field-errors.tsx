import type { ReactNode } from "react";

/**
 * Ids and error markup for a form's fields, from the form's useId() and its
 * errors by field: an invalid field is aria-invalid and described by its
 * message, which sits under it with a "×" for sighted readers.
 */
export function fieldErrors<F extends string>(id: string, errors: Partial<Record<F | "form", string>>) {
  const fieldId = (f: F) => `${id}-${f}`;
  const errorId = (f: F) => `${id}-${f}-error`;
  const invalid = (f: F) => (errors[f] ? { "aria-invalid": true as const, "aria-describedby": errorId(f) } : {});
  const errorText = (f: F): ReactNode =>
    errors[f] ? (
      <p id={errorId(f)} className="text-bad mt-1 text-sm">
        <span aria-hidden>× </span>
        {errors[f]}
      </p>
    ) : null;
  return { fieldId, errorId, invalid, errorText };
}
