import type { Delta } from "@/lib/intent/deltas";
import type { Grain } from "@/lib/metrics/definition-schema";
import { formatChange, formatValue, type ValueFormat } from "@/lib/metrics/format";

const USUAL_WORDS: Record<NonNullable<Delta["usualness"]>, string> = {
  usual: "usual",
  better_than_usual: "unusual: better than usual",
  worse_than_usual: "unusual: worse than usual",
  higher_than_usual: "unusual: higher than usual",
  lower_than_usual: "unusual: lower than usual",
};

const MEANING_TONE: Record<NonNullable<Delta["meaning"]>, string> = {
  better: "text-ok",
  worse: "text-bad",
  unchanged: "text-muted",
  up: "text-muted",
  down: "text-muted",
};

function against(delta: Delta, grain: Grain, format: ValueFormat): string {
  if (delta.comparison === "previous") return `vs previous ${grain}`;
  if (delta.comparison === "year_ago") return `vs same ${grain} last year`;
  return `vs target of ${formatValue(delta.base, format)}`;
}

/**
 * Changes labelled by meaning: arrow and sign for the direction, better or
 * worse in words (colour repeats it), and usual or unusual against the
 * series' own recent changes. The full sentence is read on hover.
 */
export function DeltaList({ deltas, grain, format }: { deltas: readonly Delta[]; grain: Grain; format: ValueFormat }) {
  const shown = deltas.filter((d) => d.change !== null);
  if (shown.length === 0) return null;
  return (
    <ul className="flex flex-wrap gap-x-6 gap-y-2 text-sm" aria-label="Changes">
      {shown.map((delta) => {
        const amount = delta.relative === null ? `${(delta.change ?? 0) > 0 ? "+" : ""}${formatValue(delta.change, format)}` : formatChange(delta.relative);
        const usual = delta.usualness ? USUAL_WORDS[delta.usualness] : null;
        return (
          <li key={delta.comparison} className="flex flex-wrap items-baseline gap-x-1.5 tabular-nums" title={delta.sentence}>
            <span aria-hidden className={delta.meaning ? MEANING_TONE[delta.meaning] : "text-muted"}>
              {delta.movement === "up" ? "▲" : delta.movement === "down" ? "▼" : "■"}
            </span>
            <span className="font-semibold text-fg">{amount}</span>
            <span className="text-muted">{against(delta, grain, format)}:</span>
            {delta.meaning ? <span className={`font-medium ${MEANING_TONE[delta.meaning]}`}>{delta.meaning}</span> : null}
            {usual ? (
              <span className={delta.usualness === "usual" ? "text-muted" : "font-medium text-fg"}>
                <span aria-hidden>· </span>
                <span className="sr-only">, </span>
                {usual}
              </span>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
