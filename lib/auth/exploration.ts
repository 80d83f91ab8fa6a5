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
