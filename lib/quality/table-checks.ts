import "server-only";
import type { SqlExecutor } from "@/lib/db";
import { quoteIdent } from "@/lib/metrics/compiler";
import type { SourceTable } from "@/lib/lineage/source-catalog";
import { currentWatch, sourceTableName } from "@/lib/pipeline/source-days";
import { describeDuplicates, type NewQualityCheck } from "./check-schema";

export interface TableProfile {
  /** schema.table, the lineage node's name. */
  table: string;
  rowCount: number;
  maxTime: string | null;
  nullKeys: number;
  duplicateDays: { day: string; rows: number }[];
}

/**
 * One set-based statement per table (after a catalog lookup): row count,
 * latest time value, rows with a null key, and the extra rows per day of keys
 * that occur more than once (a key's day is the day of its first row).
 */
export async function profileSourceTable(sql: SqlExecutor, schema: string, t: SourceTable): Promise<TableProfile> {
  const from = `${quoteIdent(schema)}.${quoteIdent(t.table)}`;
  const keys = t.key.map(quoteIdent);
  const time = quoteIdent(t.time_column);
  // A unique index on exactly the key columns already forbids duplicates: then
  // the table needs no grouping by key, only a scan.
  const [unique] = await sql.query<{ ok: boolean }>(
    `SELECT EXISTS (
       SELECT 1 FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = $1 AND c.relname = $2 AND i.indisunique AND i.indpred IS NULL AND i.indexprs IS NULL
         AND (SELECT array_agg(a.attname::text ORDER BY a.attname) FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum = ANY(i.indkey)) = $3::text[]
     ) AS ok`,
    [schema, t.table, `{${[...t.key].sort().join(",")}}`],
  );
  if (unique?.ok) {
    const kept = await profileFromSourceDays(sql, schema, t);
    if (kept) return kept;
  }
  const [row] = await sql.query<{ row_count: number; max_time: string | null; null_keys: number; dups: { day: string; rows: number }[] | null }>(
    unique?.ok
      ? `SELECT count(*)::bigint AS row_count, max(${time})::text AS max_time,
  count(*) FILTER (WHERE ${keys.map((k) => `${k} IS NULL`).join(" OR ")})::bigint AS null_keys, NULL::json AS dups
FROM ${from}`
      : `WITH k AS (
  SELECT ${keys.join(", ")}, min(${time})::date AS day, count(*) AS n
  FROM ${from}
  GROUP BY ${keys.join(", ")}
)
SELECT sum(n)::bigint AS row_count,
  (SELECT max(${time}) FROM ${from})::text AS max_time,
  COALESCE(sum(n) FILTER (WHERE ${keys.map((k) => `${k} IS NULL`).join(" OR ")}), 0)::bigint AS null_keys,
  (SELECT json_agg(json_build_object('day', day::text, 'rows', extra) ORDER BY day)
     FROM (SELECT day, sum(n - 1)::bigint AS extra FROM k WHERE n > 1 AND ${keys.map((c) => `${c} IS NOT NULL`).join(" AND ")} GROUP BY day) d) AS dups
FROM k`,
  );
  return {
    table: `${schema}.${t.table}`,
    rowCount: Number(row?.row_count ?? 0),
    maxTime: row?.max_time ?? null,
    nullKeys: Number(row?.null_keys ?? 0),
    duplicateDays: (row?.dups ?? []).map((d) => ({ day: String(d.day), rows: Number(d.rows) })),
  };
}

/**
 * A keyed table's profile from the per-day fingerprints compute keeps
 * (source_day): rows and latest time value without reading the table; rows
 * with no time value and null keys are counted through the indexes when there
 * are any (and a key of NOT NULL columns has none). Null when the days are not
 * kept for this table's time column.
 */
async function profileFromSourceDays(sql: SqlExecutor, schema: string, t: SourceTable): Promise<TableProfile | null> {
  if (!(await currentWatch(sql, schema, t.table, t.time_column))) return null;
  const from = `${quoteIdent(schema)}.${quoteIdent(t.table)}`;
  const [nullable] = await sql.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace s ON s.oid = c.relnamespace
     WHERE s.nspname = $1 AND c.relname = $2 AND a.attname = ANY($3::text[]) AND NOT a.attnotnull`,
    [schema, t.table, `{${t.key.join(",")}}`],
  );
  const [row] = await sql.query<{ rows: string | null; max_time: string | null; null_time: string; null_keys: string }>(
    `SELECT (SELECT sum(rows)::text FROM source_day WHERE table_name = $1 AND time_column = $2) AS rows,
       (SELECT max_time FROM source_day WHERE table_name = $1 AND time_column = $2 ORDER BY day DESC LIMIT 1) AS max_time,
       (SELECT count(*) FROM ${from} WHERE ${quoteIdent(t.time_column)} IS NULL)::text AS null_time,
       ${Number(nullable?.n ?? 0) === 0 ? "'0'" : `(SELECT count(*) FROM ${from} WHERE ${t.key.map((k) => `${quoteIdent(k)} IS NULL`).join(" OR ")})::text`} AS null_keys`,
    [sourceTableName(schema, t.table), t.time_column],
  );
  return {
    table: `${schema}.${t.table}`,
    rowCount: Number(row?.rows ?? 0) + Number(row?.null_time ?? 0),
    maxTime: row?.max_time ?? null,
    nullKeys: Number(row?.null_keys ?? 0),
    duplicateDays: [],
  };
}

/** The table's checks from its profile; freshness is judged against `now`. */
export function tableChecks(t: SourceTable, p: TableProfile, now: Date): NewQualityCheck[] {
  const keyLabel = t.key.join(", ");
  const ageDays = p.maxTime === null ? null : (now.getTime() - Date.parse(`${p.maxTime.slice(0, 10)}T${p.maxTime.slice(11, 19) || "00:00:00"}Z`)) / 86_400_000;
  const duplicated = p.duplicateDays.reduce((s, d) => s + d.rows, 0);
  return [
    {
      nodeKind: "table",
      nodeName: p.table,
      check: "freshness",
      status: ageDays !== null && ageDays <= t.expected_freshness_days ? "pass" : "warn",
      column: t.time_column,
      expected: `latest ${t.time_column} within ${t.expected_freshness_days} day(s)`,
      actual: p.maxTime,
      message: p.maxTime === null ? `${t.table} has no rows` : `latest ${t.time_column} is ${p.maxTime} (${ageDays!.toFixed(1)} days old; expected at most ${t.expected_freshness_days})`,
      detail: { maxTime: p.maxTime, ageDays, expectedDays: t.expected_freshness_days },
    },
    {
      nodeKind: "table",
      nodeName: p.table,
      check: "row_count",
      status: p.rowCount > 0 ? "pass" : "fail",
      column: null,
      expected: "> 0",
      actual: String(p.rowCount),
      message: `${p.rowCount} rows in ${t.table}`,
      detail: { rows: p.rowCount },
    },
    {
      nodeKind: "table",
      nodeName: p.table,
      check: "null_keys",
      status: p.nullKeys === 0 ? "pass" : "fail",
      column: keyLabel,
      expected: "0",
      actual: String(p.nullKeys),
      message: p.nullKeys === 0 ? `no null ${keyLabel} in ${t.table}` : `${p.nullKeys} row(s) of ${t.table} have a null ${keyLabel}`,
      detail: { rows: p.nullKeys },
    },
    {
      nodeKind: "table",
      nodeName: p.table,
      check: "duplicate_keys",
      status: duplicated === 0 ? "pass" : "fail",
      column: keyLabel,
      expected: "0",
      actual: String(duplicated),
      message: describeDuplicates(t.table, t.key, p.duplicateDays),
      detail: { duplicateRows: duplicated, days: p.duplicateDays },
    },
  ];
}
