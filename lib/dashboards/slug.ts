// A dashboard's link name, made from its name once, at creation. Pure.

const MAX_SLUG_BASE = 60;

/** "Growth & Retention (EU)" -> "growth-retention-eu"; a name with no letters or digits -> "dashboard". */
export function slugify(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .slice(0, MAX_SLUG_BASE)
    .replace(/^-+|-+$/g, "");
  return slug || "dashboard";
}

/** `base`, or `base-2`, `base-3`, ... : the first one not in `taken`. */
export function uniqueSlug(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}
