// Who may see a source table's rows and which of its columns are masked, from
// metrics/sources/*.yaml. The pure parts take the catalog; readTableAccess
// reads it from the metrics folder in force, per request, so an edit to the
// YAML applies without a restart.
import { viewerCan, viewerInGroups, type Viewer } from "@/lib/auth/viewer-schema";
import fs from "node:fs";
import path from "node:path";
import { metricsDir } from "@/lib/env";
import { loadSourceCatalog, sourcesDirOf, type SourceCatalog } from "./source-catalog";

export interface TableAccess {
  /** Groups whose members (and admins) may see the table's rows; empty: everyone. */
  groups: string[];
  sensitiveColumns: string[];
}

export type TableAccessMap = ReadonlyMap<string, TableAccess>;

/** The access rules by bare table name. */
export function tableAccessOf(catalog: Pick<SourceCatalog, "tables">): TableAccessMap {
  return new Map([...catalog.tables].map(([name, t]) => [name, { groups: t.access_groups ?? [], sensitiveColumns: t.sensitive_columns ?? [] }]));
}

// The parsed rules of the folder as last read, keyed by its files' names,
// sizes and modification times: configuration, never rows, so one copy serves
// every viewer; a changed file changes the key.
let parsed: { dir: string; stamp: string; access: TableAccessMap } | undefined;

export function readTableAccess(dir: string = sourcesDirOf(metricsDir())): TableAccessMap {
  const names = fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => /\.ya?ml$/.test(n)).sort() : [];
  const stamp = names.map((n) => {
    const st = fs.statSync(path.join(dir, n));
    return `${n}:${st.size}:${st.mtimeMs}`;
  }).join("|");
  if (parsed?.dir !== dir || parsed.stamp !== stamp) parsed = { dir, stamp, access: tableAccessOf(loadSourceCatalog(dir)) };
  return parsed.access;
}

/** "public.refunds" and "refunds" name the same table. */
const bare = (table: string) => table.slice(table.lastIndexOf(".") + 1);

export const accessOfTable = (access: TableAccessMap, table: string): TableAccess => access.get(bare(table)) ?? { groups: [], sensitiveColumns: [] };

/** The groups the viewer would need to see `table`'s rows, or null when they may. */
export function tableRestrictionFor(viewer: Viewer, access: TableAccessMap, table: string): string[] | null {
  const { groups } = accessOfTable(access, table);
  return viewerInGroups(viewer, groups) ? null : groups;
}

/** Columns of `table` the viewer sees masked. */
export function maskedColumnsFor(viewer: Viewer, access: TableAccessMap, table: string): string[] {
  return viewerCan(viewer, "sensitive_columns") ? [] : accessOfTable(access, table).sensitiveColumns;
}
