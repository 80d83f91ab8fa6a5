// Where marks sit on a chart whose points may be downsampled. Pure.

/** A marked index value: a vertical rule with a symbol, and its sentence in the tooltip. */
export interface TimeSeriesMark {
  index: string;
  /** One character drawn at the top of the rule, e.g. "!" for a failed check. */
  symbol: string;
  tone: "bad" | "warn" | "info";
  /** Short heading in the tooltip, e.g. "Quality check failed". */
  title: string;
  detail: string;
}

/** Marks moved onto drawn index values: a downsampled chart may not draw the marked one, so the nearest earlier one carries it. */
export function placeMarks(marks: readonly TimeSeriesMark[], drawnIndexes: readonly string[]): TimeSeriesMark[] {
  if (drawnIndexes.length === 0) return [];
  const sorted = [...drawnIndexes].sort();
  const first = sorted[0]!;
  const last = sorted.at(-1)!;
  return marks.flatMap((m) => {
    if (m.index < first || m.index > last) return [];
    let at = first;
    for (const i of sorted) {
      if (i > m.index) break;
      at = i;
    }
    return [{ ...m, index: at }];
  });
}
