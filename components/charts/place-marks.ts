// Where marks sit on a chart whose points may be downsampled. Pure.

/** A marked index value: a vertical rule with a symbol, and its sentence in the tooltip. */
export interface TimeSeriesMark {
  index: string;
  /** For a mark spanning several index values: the last one, shaded from `index` to here. */
  to?: string;
  /** The range the value was expected in (an anomaly), drawn as a band on the rule. */
  expected?: { low: number; high: number };
  /** One character drawn at the top of the rule, e.g. "!" for a failed check. */
  symbol: string;
  tone: "bad" | "warn" | "info";
  /** Short heading in the tooltip, e.g. "Quality check failed". */
  title: string;
  detail: string;
}

/**
 * Marks moved onto drawn index values: a downsampled chart may not draw the
 * marked one, so the nearest earlier one carries it. A span starting before
 * the first drawn index starts there; one ending after the last ends there.
 */
export function placeMarks(marks: readonly TimeSeriesMark[], drawnIndexes: readonly string[]): TimeSeriesMark[] {
  if (drawnIndexes.length === 0) return [];
  const sorted = [...drawnIndexes].sort();
  const first = sorted[0]!;
  const last = sorted.at(-1)!;
  const atOrBefore = (index: string) => {
    let at = first;
    for (const i of sorted) {
      if (i > index) break;
      at = i;
    }
    return at;
  };
  return marks.flatMap((m) => {
    const end = m.to ?? m.index;
    if (end < first || m.index > last) return [];
    const rest = { ...m };
    delete rest.to;
    // A single mark before the first drawn index is outside the chart; a span reaching into it is not.
    if (m.to === undefined) return m.index < first ? [] : [{ ...rest, index: atOrBefore(m.index) }];
    const index = atOrBefore(m.index < first ? first : m.index);
    const to = atOrBefore(end > last ? last : end);
    return [to === index ? { ...rest, index } : { ...rest, index, to }];
  });
}

/** The marks whose rule or span covers an index value, for its tooltip. */
export const marksAt = (marks: readonly TimeSeriesMark[], index: string): TimeSeriesMark[] =>
  marks.filter((m) => (m.to === undefined ? m.index === index : m.index <= index && index <= m.to));
