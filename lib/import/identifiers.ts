// Table and column names for imported data. Pure.

const MAX_IDENTIFIER = 63;
const TABLE_NAME = /^[a-z_][a-z0-9_]*$/;

/** Why name cannot be an imported table's name, or null when it can. */
export function tableNameProblem(name: string): string | null {
  if (!TABLE_NAME.test(name))
    return `'${name}' is not a valid table name: use lower-case letters, digits and '_', starting with a letter or '_'`;
  if (name.length > MAX_IDENTIFIER) return `'${name}' is longer than ${MAX_IDENTIFIER} characters`;
  if (name.startsWith("pg_")) return `'${name}' starts with 'pg_', which PostgreSQL reserves`;
  return null;
}

/** A double-quoted SQL identifier. */
export const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * Header cells as safe, unique, lower-case identifiers: other characters become
 * '_', a leading digit gets 'c_', an empty cell 'column_N', duplicates '_2', '_3'.
 */
export function sanitizeColumnNames(header: readonly string[]): string[] {
  const used = new Set<string>();
  return header.map((raw, i) => {
    let base = raw
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9_]+/g, "_")
      .replace(/_+/g, "_")
      .replace(/^_+|_+$/g, "");
    if (!base) base = `column_${i + 1}`;
    if (/^[0-9]/.test(base)) base = `c_${base}`;
    base = base.slice(0, MAX_IDENTIFIER);
    let name = base;
    for (let n = 2; used.has(name); n++)
      name = `${base.slice(0, MAX_IDENTIFIER - String(n).length - 1)}_${n}`;
    used.add(name);
    return name;
  });
}
