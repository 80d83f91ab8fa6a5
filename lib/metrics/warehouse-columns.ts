import "server-only";
import type { SqlExecutor } from "@/lib/db";
import type { WarehouseColumns } from "./compiler";

/** Triad's own tables: never a metric's source. */
export const TRIAD_TABLES = new Set(["_prisma_migrations", "metric_definition", "metric_definition_version", "metric_run", "metric_value", "metric_source_day"]);

/** The source tables and columns in the warehouse's current schema. */
export async function getWarehouseColumns(sql: SqlExecutor): Promise<{ schema: string; columns: WarehouseColumns }> {
  const rows = await sql.query<{ schema: string; table_name: string; column_name: string; data_type: string }>(
    `SELECT current_schema() AS schema, table_name, column_name, data_type
     FROM information_schema.columns
     WHERE table_schema = current_schema()
     ORDER BY table_name, ordinal_position`,
  );
  const columns = new Map<string, Map<string, string>>();
  for (const r of rows) {
    if (TRIAD_TABLES.has(r.table_name)) continue;
    let table = columns.get(r.table_name);
    if (!table) columns.set(r.table_name, (table = new Map()));
    table.set(r.column_name, r.data_type);
  }
  const [first] = await sql.query<{ schema: string }>(`SELECT current_schema() AS schema`);
  return { schema: first?.schema ?? "public", columns };
}
