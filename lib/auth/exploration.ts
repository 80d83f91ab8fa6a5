// What counts as exploring a metric (the `explore` permission) rather than
// viewing it: a breakdown, a filter or a comparison. Range and grain are viewing. Pure.

export interface ExplorableView {
  by?: string | undefined;
  filters?: Record<string, string> | undefined;
  compare?: string | undefined;
}

/** The exploring parts of a view or series query, in words; empty when it only views. */
export function explorationParts(view: ExplorableView): string[] {
  const parts: string[] = [];
  if (view.by) parts.push(`a breakdown by ${view.by}`);
  if (view.filters && Object.keys(view.filters).length > 0) parts.push("a filter");
  if (view.compare && view.compare !== "none") parts.push("a comparison");
  return parts;
}

/**
 * The view a role without `explore` is shown: the same range, grain and chart
 * without its breakdown, filter and comparison, and what was dropped, in words.
 */
export function withoutExploration<V extends ExplorableView>(view: V): { view: V; dropped: string[] } {
  const dropped = explorationParts(view);
  if (dropped.length === 0) return { view, dropped };
  return { view: { ...view, by: undefined, filters: {}, compare: "none" }, dropped };
}
