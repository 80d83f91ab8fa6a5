import type { CatalogEntry } from "@/lib/metrics/api-schema";
import { formatInstant } from "@/lib/metrics/format";

type LastRun = CatalogEntry["lastRun"];

const STATUS = {
  succeeded: { glyph: "✓", word: "Succeeded", className: "bg-ok-soft text-ok" },
  failed: { glyph: "✕", word: "Failed", className: "bg-bad-soft text-bad" },
  running: { glyph: "◔", word: "Running", className: "bg-warn-soft text-warn" },
  never: { glyph: "–", word: "Never run", className: "bg-raised text-muted" },
} as const;

/** The last run's status as icon and word, with its start time on hover and for screen readers. */
export function RunStatus({ lastRun }: { lastRun: LastRun }) {
  const status = STATUS[lastRun?.status ?? "never"];
  const when = lastRun ? `started ${formatInstant(lastRun.startedAt)}` : undefined;
  return (
    <span
      className={`inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ${status.className}`}
      title={when}
    >
      <span aria-hidden>{status.glyph}</span>
      {status.word}
      {when ? <span className="sr-only">, {when}</span> : null}
    </span>
  );
}
