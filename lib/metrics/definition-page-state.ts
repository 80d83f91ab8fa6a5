// Which versions the definition page shows, from its URL. Pure.

export interface DefinitionPageParams {
  /** The version shown side by side as YAML, plain words and SQL. */
  version?: string;
  from?: string;
  to?: string;
}

export interface DefinitionPageState {
  shown: string;
  /** Null when fewer than two versions are stored. */
  diff: { from: string; to: string } | null;
  warnings: string[];
}

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/**
 * Reads version, from and to against the stored versions (newest first). An
 * unknown id is named in a warning and replaced by the default: the current
 * version is shown, and the diff runs from the second newest to the newest.
 */
export function resolveDefinitionPageState(
  versionIds: readonly string[],
  currentId: string,
  raw: Record<string, string | string[] | undefined>,
): DefinitionPageState {
  const warnings: string[] = [];
  const known = new Set(versionIds);
  const pick = (
    name: keyof DefinitionPageParams,
    fallback: string | undefined,
  ): string | undefined => {
    const value = first(raw[name]);
    if (value === undefined || value === "") return fallback;
    if (known.has(value)) return value;
    warnings.push(
      `${name}: there is no version "${value}" of this metric; showing ${fallback ?? "none"} instead.`,
    );
    return fallback;
  };
  const shown = pick("version", currentId) ?? currentId;
  if (versionIds.length < 2) {
    for (const name of ["from", "to"] as const)
      if (first(raw[name]))
        warnings.push(`${name}: only one version is stored, so there is nothing to compare.`);
    return { shown, diff: null, warnings };
  }
  const from = pick("from", versionIds[1]);
  const to = pick("to", versionIds[0]);
  return { shown, diff: from && to ? { from, to } : null, warnings };
}

/** The definition page's address; `#diff` when it is about a comparison. */
export function definitionHref(
  key: string,
  params: DefinitionPageParams,
  anchor?: "diff" | "versions",
): string {
  const q = new URLSearchParams();
  for (const name of ["version", "from", "to"] as const) {
    const value = params[name];
    if (value) q.set(name, value);
  }
  const query = q.toString();
  return `/metrics/${encodeURIComponent(key)}/definition${query ? `?${query}` : ""}${anchor ? `#${anchor}` : ""}`;
}
