"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useId, useRef, useState } from "react";
import { fieldErrors } from "@/components/forms/field-errors";
import { apiErrorMessage, apiErrorParameter } from "@/components/ui/api-error";
import { inputClass, primaryButton } from "@/components/ui/button-styles";
import {
  type CreateAnnotationBodyInput,
  createAnnotationBodySchema,
  MAX_DESCRIPTION_LENGTH,
  MAX_TITLE_LENGTH,
} from "@/lib/annotations/annotation-schema";

type Field = "startsOn" | "endsOn" | "title" | "description" | "metricKeys";
type Scope = "this" | "all" | "pick";

const LABELS: Record<Field, string> = {
  startsOn: "Date",
  endsOn: "End date",
  title: "Title",
  description: "Description",
  metricKeys: "Metrics",
};
const FIELDS = Object.keys(LABELS) as Field[];

export interface AnnotationFormProps {
  /** Every defined metric, for "pick metrics". */
  metrics: readonly { key: string; name: string }[];
  /** The metric whose page this is: "this metric" is offered and chosen first. */
  metric?: { key: string; name: string };
  /** The level of the form's heading, under the page's or the section's. */
  headingLevel?: 2 | 3;
}

/** The field an issue or an API error is about: `metricKeys.1` is the metric list. */
const fieldOf = (path: string | undefined): Field | null => {
  const head = path?.split(".")[0];
  return FIELDS.find((f) => f === head) ?? null;
};

/**
 * Adds an annotation: a day or a range, a title, an optional description and
 * the metrics it touches. Checked with the API's own schema before sending;
 * each error is shown under its field, and the first bad field gets the focus.
 */
export function AnnotationForm({ metrics, metric, headingLevel = 3 }: AnnotationFormProps) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const router = useRouter();
  const id = useId();
  const form = useRef<HTMLFormElement>(null);
  const [scope, setScope] = useState<Scope>(metric ? "this" : "all");
  const [picked, setPicked] = useState<string[]>(metric ? [metric.key] : []);
  const [errors, setErrors] = useState<Partial<Record<Field | "form", string>>>({});
  const { fieldId, errorId, invalid, errorText } = fieldErrors<Field>(id, errors);
  const [busy, setBusy] = useState(false);
  const [added, setAdded] = useState<string | null>(null);

  function focusFirst(found: Partial<Record<Field | "form", string>>) {
    const first = FIELDS.find((f) => found[f]);
    if (!first) return;
    const el =
      first === "metricKeys"
        ? form.current?.querySelector<HTMLInputElement>(`input[name="${id}-scope"]:checked`)
        : document.getElementById(fieldId(first));
    el?.focus();
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const text = (name: Field) => String(data.get(name) ?? "");
    const input: CreateAnnotationBodyInput = {
      title: text("title"),
      description: text("description"),
      startsOn: text("startsOn"),
      endsOn: text("endsOn") || null,
      metricKeys: scope === "all" ? null : scope === "this" && metric ? [metric.key] : picked,
    };
    const parsed = createAnnotationBodySchema.safeParse(input);
    if (!parsed.success) {
      const found: Partial<Record<Field | "form", string>> = {};
      for (const issue of parsed.error.issues) {
        const field = fieldOf(issue.path.map(String).join("."));
        const key = field ?? "form";
        found[key] ??=
          field === "metricKeys" && scope === "pick" && picked.length === 0
            ? "Pick at least one metric."
            : `${field ? LABELS[field] : "The annotation"} ${issue.message}.`;
      }
      setErrors(found);
      setAdded(null);
      focusFirst(found);
      return;
    }
    setBusy(true);
    setErrors({});
    setAdded(null);
    try {
      const res = await fetch("/api/annotations", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(parsed.data),
      });
      const body: unknown = await res.json().catch(() => null);
      if (res.status !== 201) {
        const field = fieldOf(apiErrorParameter(body));
        const found = {
          [field ?? "form"]: apiErrorMessage(
            body,
            `The annotation could not be saved (HTTP ${res.status}).`,
          ),
        };
        setErrors(found);
        focusFirst(found);
        return;
      }
      form.current?.reset();
      setAdded(parsed.data.title);
      router.refresh();
    } catch {
      setErrors({ form: "The server could not be reached; nothing was saved." });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      ref={form}
      onSubmit={submit}
      noValidate
      className="space-y-4"
      aria-labelledby={`${id}-heading`}
    >
      <Heading id={`${id}-heading`} className="font-medium">
        Add annotation
      </Heading>
      <div className="grid gap-4 sm:grid-cols-2">
        <div>
          <label htmlFor={fieldId("startsOn")} className="text-fg block text-sm font-medium">
            Date
          </label>
          <input
            id={fieldId("startsOn")}
            name="startsOn"
            type="date"
            required
            className={`${inputClass} mt-1`}
            {...invalid("startsOn")}
          />
          {errorText("startsOn")}
        </div>
        <div>
          <label htmlFor={fieldId("endsOn")} className="text-fg block text-sm font-medium">
            End date <span className="text-muted font-normal">(optional, for a range)</span>
          </label>
          <input
            id={fieldId("endsOn")}
            name="endsOn"
            type="date"
            className={`${inputClass} mt-1`}
            {...invalid("endsOn")}
          />
          {errorText("endsOn")}
        </div>
      </div>
      <div>
        <label htmlFor={fieldId("title")} className="text-fg block text-sm font-medium">
          Title
        </label>
        <input
          id={fieldId("title")}
          name="title"
          required
          maxLength={MAX_TITLE_LENGTH}
          placeholder="e.g. Price change, Checkout outage"
          autoComplete="off"
          className={`${inputClass} mt-1`}
          {...invalid("title")}
        />
        {errorText("title")}
      </div>
      <div>
        <label htmlFor={fieldId("description")} className="text-fg block text-sm font-medium">
          Description <span className="text-muted font-normal">(optional)</span>
        </label>
        <textarea
          id={fieldId("description")}
          name="description"
          rows={2}
          maxLength={MAX_DESCRIPTION_LENGTH}
          className={`${inputClass} mt-1`}
          {...invalid("description")}
        />
        {errorText("description")}
      </div>
      <fieldset {...(errors.metricKeys ? { "aria-describedby": errorId("metricKeys") } : {})}>
        <legend className="text-fg text-sm font-medium">Shown on</legend>
        <div className="mt-1 flex flex-wrap gap-x-5 gap-y-1 text-sm">
          {(
            [
              ...(metric ? [["this", `This metric (${metric.name})`] as const] : []),
              ["all", "Every metric"] as const,
              ["pick", "Metrics I pick"] as const,
            ] as const
          ).map(([value, label]) => (
            <label key={value} className="flex items-center gap-1.5">
              <input
                type="radio"
                name={`${id}-scope`}
                value={value}
                checked={scope === value}
                onChange={() => setScope(value)}
                className="accent-accent"
              />
              {label}
            </label>
          ))}
        </div>
        {scope === "pick" ? (
          <ul
            className="border-line mt-2 grid max-h-48 grid-cols-1 gap-x-4 gap-y-1 overflow-auto rounded-md border p-2 text-sm sm:grid-cols-2 lg:grid-cols-3"
            aria-label="Metrics"
          >
            {metrics.map((m) => (
              <li key={m.key}>
                <label className="flex items-center gap-1.5">
                  <input
                    type="checkbox"
                    checked={picked.includes(m.key)}
                    onChange={(e) =>
                      setPicked((keys) =>
                        e.target.checked ? [...keys, m.key] : keys.filter((k) => k !== m.key),
                      )
                    }
                    className="accent-accent"
                  />
                  {m.name}
                </label>
              </li>
            ))}
          </ul>
        ) : null}
        {errorText("metricKeys")}
      </fieldset>
      {errors.form ? (
        <p role="alert" className="text-bad text-sm">
          <span aria-hidden>× </span>
          {errors.form}
        </p>
      ) : null}
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" className={primaryButton} disabled={busy}>
          {busy ? "Adding…" : "Add annotation"}
        </button>
        <p role="status" className="text-muted text-sm">
          {added
            ? `Added “${added}”.`
            : Object.keys(errors).length
              ? "Nothing was saved; fix the fields marked ×."
              : ""}
        </p>
      </div>
    </form>
  );
}
