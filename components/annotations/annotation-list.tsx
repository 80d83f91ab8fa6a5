import Link from "next/link";
import { describeAnnotationDates } from "@/lib/annotations/annotation-marks";
import { type Annotation, describeAnnotationScope } from "@/lib/annotations/annotation-schema";
import { DeleteAnnotationButton } from "./delete-annotation-button";

export interface AnnotationListProps {
  annotations: readonly Annotation[];
  /** Metric names by key, for the scope. */
  names: Readonly<Record<string, string>>;
  /** Said when there are none. */
  empty: string;
  /** The role may delete events (the `annotate` permission). */
  canEdit?: boolean;
}

/** Annotations newest first: when, what, on which metrics; events can be deleted, definition changes link to their diff. */
export function AnnotationList({ annotations, names, empty, canEdit = true }: AnnotationListProps) {
  if (annotations.length === 0) return <p className="text-muted text-sm">{empty}</p>;
  return (
    <ul className="divide-line border-line divide-y rounded-lg border" aria-label="Annotations">
      {annotations.map((a) => (
        <li
          key={a.id}
          id={a.kind === "event" ? `annotation-${a.id}` : undefined}
          className="target:bg-accent-soft flex flex-wrap items-start gap-x-4 gap-y-1 px-3 py-2.5"
        >
          <span
            aria-hidden
            className="text-surface mt-0.5 flex size-4 shrink-0 items-center justify-center rounded-sm bg-[var(--chart-axis)] text-[11px] font-bold"
          >
            i
          </span>
          <div className="min-w-0 flex-1 space-y-0.5">
            <p className="flex flex-wrap items-baseline gap-x-2 text-sm">
              <span className="text-fg font-medium">{a.title}</span>
              <time dateTime={a.startsOn} className="text-muted">
                {describeAnnotationDates(a)}
              </time>
            </p>
            {a.description ? <p className="text-muted text-sm">{a.description}</p> : null}
            <p className="text-muted text-xs">
              {a.kind === "definition_change"
                ? `${describeAnnotationScope(a.metricKeys, names)}, from its version history`
                : `Shown on: ${describeAnnotationScope(a.metricKeys, names)}`}
              {a.kind === "event" ? ` · added by ${a.createdBy}` : null}
            </p>
          </div>
          {a.kind === "event" ? (
            canEdit ? <DeleteAnnotationButton id={a.id} title={a.title} /> : null
          ) : a.href ? (
            <Link href={a.href} className="text-accent text-sm font-medium underline">
              See what changed
              <span className="sr-only"> in {describeAnnotationScope(a.metricKeys, names)}</span>
            </Link>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
