// Which rows of a long series a chart draws: largest-triangle-three-buckets
// (LTTB), which keeps the visual shape (peaks, dips) of a series with far fewer
// points. Pure; shared by the server, which downsamples before sending, and by
// the chart, which refuses to draw more than its budget.
import { createLTTB } from "downsample/methods/LTTB";
import { MAX_SERIES_POINTS } from "./api-schema";

interface IndexedValue {
  i: number;
  v: number;
}

/** A chart never draws more points (periods) than this; longer ranges move to a coarser grain or are downsampled. */
export const MAX_CHART_POINTS = MAX_SERIES_POINTS;

const lttb = createLTTB<IndexedValue>({ x: (p) => p.i, y: (p) => p.v });

/**
 * The indexes, ascending, of at most `target` of `values` that LTTB keeps; the
 * first and last are always kept. Every index when the series already fits.
 * A null counts as 0 for choosing, so a gap still pulls its neighbours in.
 */
export function lttbIndexes(values: readonly (number | null)[], target: number): number[] {
  const all = values.map((_, i) => i);
  if (values.length <= target) return all;
  // LTTB needs a first bucket, a last bucket and at least one between them.
  if (target < 3) return target <= 0 ? [] : target === 1 ? [0] : [0, values.length - 1];
  const points = values.map((v, i) => ({ i, v: v ?? 0 }));
  return Array.from(lttb(points, target) as IndexedValue[], (p) => p.i);
}

/** `rows` reduced to at most `target`, chosen by LTTB over `guide(row)`. */
export function downsampleRows<T>(rows: readonly T[], target: number, guide: (row: T) => number | null): T[] {
  if (rows.length <= target) return [...rows];
  return lttbIndexes(rows.map(guide), target).map((i) => rows[i] as T);
}
