import "server-only";
import { createHash } from "node:crypto";
import type { SqlClient, SqlExecutor } from "@/lib/db";
import { dayExpression, quoteIdent } from "@/lib/metrics/compiler";
import type { DayFingerprints } from "./incremental";

// Per source table and time column, the rows, the sum of their row versions
// (xmin) and the latest time value of each day, kept in source_day. Statement
// triggers on the table log the days each write touches (source_change), so a
// compute re-reads only those days; the table is read whole on its first
// compute, after a TRUNCATE, when it was recreated, when its triggers are gone
// or disabled, and on --full. A table that cannot carry the triggers (a view,
// a partitioned or inherited table, no owner rights) is read whole every time.

/** A source table's time column whose days are watched. */
export interface WatchedColumn {
  schema: string;
  table: string;
  timeColumn: string;
  /** information_schema data_type of the time column. */
  timeType: string;
}

export interface SourceDaysRefresh {
  /** schema.table */
  table: string;
  /** "log": only the logged days were re-read; "scan": the whole table. */
  mode: "log" | "scan";
  /** Days re-read per time column in log mode. */
  days: number;
  reason: string;
}

// Serialises refreshes between computes sharing the warehouse (the app and the CLI).
const REFRESH_LOCK_KEY = 7_146_812_031;
const TRIGGERS = ["ins", "upd", "del", "trunc"] as const;
const TRIGGER_TYPES = new Set(["date", "timestamp without time zone", "timestamp with time zone"]);
/** Above this many changed days one grouped scan is cheaper than a range read per day. */
const MAX_DAYS_BY_RANGE = 62;

export const sourceTableName = (schema: string, table: string) => `${schema}.${table}`;
const qualified = (schema: string, table: string) => `${quoteIdent(schema)}.${quoteIdent(table)}`;

/**
 * The rows of day `day` (an SQL date expression) as a range condition on the
 * time column, so an index on it serves the read; null for a type without one.
 */
export function dayRangeCondition(column: string, type: string, day: string): string | null {
  const c = quoteIdent(column);
  if (type === "date") return `${c} = ${day}`;
  if (type === "timestamp without time zone") return `${c} >= ${day}::timestamp AND ${c} < (${day} + 1)::timestamp`;
  if (type === "timestamp with time zone") return `${c} >= (${day}::timestamp AT TIME ZONE 'UTC') AND ${c} < ((${day} + 1)::timestamp AT TIME ZONE 'UTC')`;
  return null;
}

/**
 * Per-day statement over the given days ($n::date[]): `select` is evaluated
 * over each day's rows (extra conditions in `where`), one row per day with at
 * least one row. One range read per day when the days are few and the type
 * allows it, else one grouped scan.
 */
export function perDaySql(c: { schema: string; table: string; timeColumn: string; timeType: string }, select: string, where: readonly string[], daysParam: string, dayCount: number): string {
  const range = dayRangeCondition(c.timeColumn, c.timeType, "d.day");
  const from = qualified(c.schema, c.table);
  if (range && dayCount <= MAX_DAYS_BY_RANGE) {
    return `SELECT d.day::text AS day, s.* FROM unnest(${daysParam}::date[]) AS d(day)
CROSS JOIN LATERAL (SELECT ${select} FROM ${from} WHERE ${[range, ...where].join(" AND ")}) s WHERE s.n > 0`;
  }
  const day = dayExpression(c.timeColumn, c.timeType);
  return `SELECT ${day}::text AS day, ${select} FROM ${from}
WHERE ${[`${quoteIdent(c.timeColumn)} IS NOT NULL`, `${day} = ANY(${daysParam}::date[])`, ...where].join(" AND ")} GROUP BY 1`;
}

/** Every day of the table, one grouped scan. */
export function allDaysSql(c: { schema: string; table: string; timeColumn: string; timeType: string }, select: string, where: readonly string[]): string {
  const day = dayExpression(c.timeColumn, c.timeType);
  return `SELECT ${day}::text AS day, ${select} FROM ${qualified(c.schema, c.table)}
WHERE ${[`${quoteIdent(c.timeColumn)} IS NOT NULL`, ...where].join(" AND ")} GROUP BY 1`;
}

const FINGERPRINT_SELECT = (column: string) => `count(*) AS n, sum(xmin::text::bigint) AS x, max(${quoteIdent(column)})::text AS mx`;

async function writeDays(tx: SqlExecutor, c: WatchedColumn, days: readonly string[] | "all"): Promise<void> {
  const name = sourceTableName(c.schema, c.table);
  if (days === "all") {
    await tx.query(`DELETE FROM source_day WHERE table_name = $1 AND time_column = $2`, [name, c.timeColumn]);
    await tx.query(
      `INSERT INTO source_day (table_name, time_column, day, rows, fingerprint, max_time)
       SELECT $1, $2, f.day::date, f.n, f.x, f.mx FROM (${allDaysSql(c, FINGERPRINT_SELECT(c.timeColumn), [])}) f`,
      [name, c.timeColumn],
    );
    return;
  }
  if (days.length === 0) return;
  const list = `{${days.join(",")}}`;
  await tx.query(`DELETE FROM source_day WHERE table_name = $1 AND time_column = $2 AND day = ANY($3::date[])`, [name, c.timeColumn, list]);
  await tx.query(
    `INSERT INTO source_day (table_name, time_column, day, rows, fingerprint, max_time)
     SELECT $1, $2, f.day::date, f.n, f.x, f.mx FROM (${perDaySql(c, FINGERPRINT_SELECT(c.timeColumn), [], "$3", days.length)}) f`,
    [name, c.timeColumn, list],
  );
}

async function upsertWatch(tx: SqlExecutor, c: WatchedColumn, relid: string, fn: string | null): Promise<void> {
  await tx.query(
    `INSERT INTO source_table_watch (table_name, time_column, time_type, relid, trigger_function, refreshed_at)
     VALUES ($1, $2, $3, $4, $5, now())
     ON CONFLICT (table_name, time_column) DO UPDATE SET time_type = EXCLUDED.time_type, relid = EXCLUDED.relid, trigger_function = EXCLUDED.trigger_function, refreshed_at = EXCLUDED.refreshed_at`,
    [sourceTableName(c.schema, c.table), c.timeColumn, c.timeType, relid, fn],
  );
}

/** The trigger function's name and body for the table's watched columns. */
function triggerFunction(schema: string, table: string, columns: readonly WatchedColumn[]): { name: string; sql: string } {
  const log = `${quoteIdent(schema)}.source_change`;
  const rows = (transition: string) =>
    columns
      .map((c) => `SELECT DISTINCT TG_RELID::bigint, ${`'${c.timeColumn.replaceAll("'", "''")}'`}, ${dayExpression(c.timeColumn, c.timeType)} FROM ${transition} WHERE ${quoteIdent(c.timeColumn)} IS NOT NULL`)
      .join("\n      UNION ");
  const lit = (v: string) => `'${v.replaceAll("'", "''")}'`;
  const marker = `INSERT INTO ${log} (relid, time_column, day) VALUES (TG_RELID::bigint, NULL, NULL);`;
  // Guards instead of exception blocks (a subtransaction per statement would
  // slow writers): never fail the writer. Without Triad's log there is nothing
  // to do; a time column dropped, renamed or retyped logs "read it all again".
  const body = `BEGIN
  IF to_regclass(${lit(log)}) IS NULL THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'TRUNCATE' OR (SELECT count(*) FROM pg_attribute WHERE attrelid = TG_RELID AND NOT attisdropped
      AND (attname::text, format_type(atttypid, NULL)) IN (${columns.map((c) => `(${lit(c.timeColumn)}, ${lit(c.timeType)})`).join(", ")})) <> ${columns.length} THEN
    ${marker}
    RETURN NULL;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO ${log} (relid, time_column, day)
      ${rows("triad_new")};
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO ${log} (relid, time_column, day)
      ${rows("triad_old")};
  END IF;
  RETURN NULL;
END`;
  const name = `triad_source_change_${createHash("sha256").update(`${schema}.${table}\n${body}`).digest("hex").slice(0, 16)}`;
  // SECURITY DEFINER: a writer (an ETL role) needs no rights on Triad's log.
  return { name, sql: `CREATE OR REPLACE FUNCTION ${quoteIdent(schema)}.${quoteIdent(name)}() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $triad$\n${body}\n$triad$` };
}

function installSql(schema: string, table: string, fn: string, oldFn: string | null): string {
  const t = qualified(schema, table);
  const f = `${quoteIdent(schema)}.${quoteIdent(fn)}`;
  const events: Record<(typeof TRIGGERS)[number], string> = {
    ins: "AFTER INSERT ON %t REFERENCING NEW TABLE AS triad_new",
    upd: "AFTER UPDATE ON %t REFERENCING OLD TABLE AS triad_old NEW TABLE AS triad_new",
    del: "AFTER DELETE ON %t REFERENCING OLD TABLE AS triad_old",
    trunc: "AFTER TRUNCATE ON %t",
  };
  const lines: string[] = [];
  for (const k of TRIGGERS) {
    const name = quoteIdent(`triad_source_change_${k}`);
    lines.push(`DROP TRIGGER IF EXISTS ${name} ON ${t};`);
    lines.push(`CREATE TRIGGER ${name} ${events[k].replace("%t", t)} FOR EACH STATEMENT EXECUTE FUNCTION ${f}();`);
    // ALWAYS: also under session_replication_role = replica (logical replication, pg_restore).
    lines.push(`ALTER TABLE ${t} ENABLE ALWAYS TRIGGER ${name};`);
  }
  if (oldFn && oldFn !== fn) lines.push(`DROP FUNCTION IF EXISTS ${quoteIdent(schema)}.${quoteIdent(oldFn)}();`);
  return lines.join("\n");
}

interface TableInfo {
  relid: string;
  relkind: string;
  children: boolean;
  /** The trigger function all four triad triggers call, when they exist and fire always. */
  function: string | null;
  /** Column name -> information_schema data_type. */
  columns: Map<string, string>;
}

async function tableInfo(sql: SqlExecutor, schema: string, table: string): Promise<TableInfo | null> {
  const [row] = await sql.query<{ relid: string; relkind: string; children: boolean; fns: string[] | null; n: number; columns: { name: string; type: string }[] | null }>(
    `SELECT c.oid::bigint::text AS relid, c.relkind::text AS relkind,
       EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhparent = c.oid) AS children,
       (SELECT array_agg(DISTINCT p.proname::text) FROM pg_trigger tg JOIN pg_proc p ON p.oid = tg.tgfoid
         WHERE tg.tgrelid = c.oid AND tg.tgname LIKE 'triad\\_source\\_change\\_%' AND tg.tgenabled = 'A') AS fns,
       (SELECT count(*) FROM pg_trigger tg WHERE tg.tgrelid = c.oid AND tg.tgname LIKE 'triad\\_source\\_change\\_%' AND tg.tgenabled = 'A')::int AS n,
       (SELECT json_agg(json_build_object('name', column_name, 'type', data_type)) FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2) AS columns
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = $2`,
    [schema, table],
  );
  if (!row) return null;
  const fns = row.fns ?? [];
  return {
    relid: String(row.relid),
    relkind: row.relkind,
    children: row.children,
    function: Number(row.n) === TRIGGERS.length && fns.length === 1 ? fns[0]! : null,
    columns: new Map((row.columns ?? []).map((c) => [c.name, c.type])),
  };
}

/**
 * Brings source_day up to date for the given columns (grouped by table) and
 * returns what it read. A table whose refresh fails loses its watch rows, so
 * every reader falls back to reading the table itself.
 */
export async function refreshSourceDays(sql: SqlClient, wanted: readonly WatchedColumn[], options: { full?: boolean } = {}): Promise<SourceDaysRefresh[]> {
  const byTable = new Map<string, WatchedColumn[]>();
  for (const c of wanted) {
    const k = sourceTableName(c.schema, c.table);
    const list = byTable.get(k) ?? [];
    if (!list.some((x) => x.timeColumn === c.timeColumn)) list.push(c);
    byTable.set(k, list);
  }
  const out: SourceDaysRefresh[] = [];
  for (const [name, columns] of byTable) {
    const { schema, table } = columns[0]!;
    try {
      out.push(await refreshTable(sql, schema, table, columns, options.full === true));
    } catch (error) {
      await sql.query(`DELETE FROM source_table_watch WHERE table_name = $1`, [name]).catch(() => undefined);
      throw error;
    }
  }
  return out;
}

async function refreshTable(sql: SqlClient, schema: string, table: string, wanted: readonly WatchedColumn[], full: boolean): Promise<SourceDaysRefresh> {
  const name = sourceTableName(schema, table);
  const info = await tableInfo(sql, schema, table);
  if (!info) throw new Error(`source table ${name} does not exist`);
  const watched = await sql.query<{ time_column: string; time_type: string; relid: string; trigger_function: string | null }>(
    `SELECT time_column, time_type, relid::text AS relid, trigger_function FROM source_table_watch WHERE table_name = $1`,
    [name],
  );
  // Keep watching the columns earlier computes needed (a compute of some metrics only must not drop the others').
  const columns = [...wanted];
  for (const w of watched)
    if (w.relid === info.relid && info.columns.get(w.time_column) === w.time_type && !columns.some((c) => c.timeColumn === w.time_column))
      columns.push({ schema, table, timeColumn: w.time_column, timeType: w.time_type });
  columns.sort((a, b) => (a.timeColumn < b.timeColumn ? -1 : a.timeColumn > b.timeColumn ? 1 : 0));
  const fn = triggerFunction(schema, table, columns);
  // Date and timestamp columns only: their day is never a cast that can fail inside a writer's statement.
  const triggerable = info.relkind === "r" && !info.children && columns.every((c) => TRIGGER_TYPES.has(c.timeType));
  const current =
    triggerable &&
    info.function === fn.name &&
    columns.every((c) => watched.some((w) => w.time_column === c.timeColumn && w.time_type === c.timeType && w.relid === info.relid && w.trigger_function === fn.name));

  if (current && !full) {
    return sql.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock($1) IS NULL AS locked`, [REFRESH_LOCK_KEY]);
      const logged = await tx.query<{ time_column: string | null; day: string | null }>(`DELETE FROM source_change WHERE relid = $1 RETURNING time_column, day::text AS day`, [info.relid]);
      if (logged.some((l) => l.time_column === null)) {
        for (const c of columns) {
          await writeDays(tx, c, "all");
          await upsertWatch(tx, c, info.relid, fn.name);
        }
        return { table: name, mode: "scan", days: 0, reason: "truncated since the last compute" } satisfies SourceDaysRefresh;
      }
      let most = 0;
      for (const c of columns) {
        const days = [...new Set(logged.filter((l) => l.time_column === c.timeColumn).map((l) => l.day!))].sort();
        most = Math.max(most, days.length);
        await writeDays(tx, c, days);
        await upsertWatch(tx, c, info.relid, fn.name);
      }
      return { table: name, mode: "log", days: most, reason: `${most} logged day(s) re-read` } satisfies SourceDaysRefresh;
    });
  }

  const reason = full ? "--full" : !triggerable ? "the table cannot carry change triggers" : "first read, or the table or its triggers changed";
  if (triggerable) {
    const installed = await sql
      .transaction(async (tx) => {
        await tx.query(`SELECT pg_advisory_xact_lock($1) IS NULL AS locked`, [REFRESH_LOCK_KEY]);
        // Installed and read in one transaction: a write waits for the
        // trigger and is then logged, or is in the whole-table read.
        await tx.exec(`${fn.sql};\n${installSql(schema, table, fn.name, info.function)}`);
        await tx.query(`DELETE FROM source_change WHERE relid = $1`, [info.relid]);
        for (const c of columns) {
          await writeDays(tx, c, "all");
          await upsertWatch(tx, c, info.relid, fn.name);
        }
        return true;
      })
      .catch(() => false);
    if (installed) return { table: name, mode: "scan", days: 0, reason };
  }
  // No triggers (none allowed, or installing them failed): read the whole table every compute.
  await sql.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock($1) IS NULL AS locked`, [REFRESH_LOCK_KEY]);
    for (const c of columns) {
      await writeDays(tx, c, "all");
      await upsertWatch(tx, c, info.relid, null);
    }
  });
  return { table: name, mode: "scan", days: 0, reason: triggerable ? "change triggers could not be installed" : reason };
}

/** The stored per-day fingerprints of a watched column, as "rows:fingerprint" per day. */
export async function readSourceDays(sql: SqlExecutor, schema: string, table: string, timeColumn: string): Promise<DayFingerprints> {
  const rows = await sql.query<{ day: string; rows: string; fingerprint: string }>(
    `SELECT day::text AS day, rows::text AS rows, fingerprint::text AS fingerprint FROM source_day WHERE table_name = $1 AND time_column = $2`,
    [sourceTableName(schema, table), timeColumn],
  );
  return new Map(rows.map((r) => [r.day, `${r.rows}:${r.fingerprint}`]));
}

/** The watch of a column, when source_day describes the table as it now is (same relation). */
export async function currentWatch(sql: SqlExecutor, schema: string, table: string, timeColumn: string): Promise<{ timeType: string } | null> {
  const [row] = await sql.query<{ time_type: string }>(
    `SELECT w.time_type FROM source_table_watch w
     WHERE w.table_name = $1 AND w.time_column = $2
       AND w.relid = (SELECT c.oid::bigint FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $3 AND c.relname = $4)`,
    [sourceTableName(schema, table), timeColumn, schema, table],
  );
  return row ? { timeType: row.time_type } : null;
}
