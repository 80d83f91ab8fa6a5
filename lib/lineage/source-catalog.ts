// Reads metrics/sources/*.yaml: the source systems and, per table, its key
// column(s), time column and expected freshness. Problems name file, line and field.
import fs from "node:fs";
import path from "node:path";
import { LineCounter, parseDocument } from "yaml";
import { z } from "zod";
import { groupNameSchema } from "@/lib/auth/viewer-schema";
import type { LintIssue } from "@/lib/metrics/lint-issue";

const identifier = z.string().regex(/^[a-z_][a-z0-9_]*$/, "must be a lower-case SQL identifier");

export const sourceTableFileSchema = z
  .object({
    key: z.array(identifier).min(1, "must name at least one key column"),
    time_column: identifier,
    expected_freshness_days: z.number().positive(),
    /** Columns masked in drill-through unless the viewer may see sensitive columns (for example email). */
    sensitive_columns: z.array(identifier).optional(),
    /** Only members of these groups (and admins) see the table's rows, columns and SQL; absent: everyone. */
    access_groups: z.array(groupNameSchema).min(1, "list at least one group, or leave the field out").optional(),
  })
  .strict();

export const sourceSystemFileSchema = z
  .object({
    system: z.string().regex(/^[a-z0-9][a-z0-9_.-]*$/, "must be lower-case letters, digits, '.', '_' or '-'"),
    description: z.string().default(""),
    owner: z.string().optional(),
    tables: z.record(identifier, sourceTableFileSchema),
  })
  .strict();

export type SourceSystem = z.infer<typeof sourceSystemFileSchema>;
export type SourceTable = z.infer<typeof sourceTableFileSchema> & { system: string; table: string };

export interface SourceCatalog {
  systems: SourceSystem[];
  /** By table name. */
  tables: Map<string, SourceTable>;
  issues: LintIssue[];
}

export function parseSourceFile(file: string, source: string): { system?: SourceSystem; issues: LintIssue[] } {
  const counter = new LineCounter();
  const doc = parseDocument(source, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return { issues: doc.errors.map((e) => ({ file, line: e.linePos?.[0]?.line ?? 1, field: "(yaml)", message: e.message.split("\n")[0] ?? "invalid YAML" })) };
  }
  const parsed = sourceSystemFileSchema.safeParse(doc.toJS());
  if (parsed.success) return { system: parsed.data, issues: [] };
  const lineOf = (p: readonly PropertyKey[]) => {
    for (let depth = p.length; depth >= 0; depth--) {
      const node = doc.getIn(p.slice(0, depth) as (string | number)[], true) as { range?: [number, number, number] } | undefined;
      if (node?.range) return counter.linePos(node.range[0]).line;
    }
    return 1;
  };
  return {
    issues: parsed.error.issues.map((issue) => {
      const fieldPath = issue.path.filter((x): x is string | number => typeof x !== "symbol");
      const keys = issue.code === "unrecognized_keys" ? issue.keys : [];
      return {
        file,
        line: lineOf(fieldPath),
        field: [...fieldPath, ...keys].join(".") || "(file)",
        message: issue.code === "unrecognized_keys" ? `unknown field ${keys.map((k) => `'${k}'`).join(", ")}` : issue.code === "invalid_type" && issue.input === undefined ? "is required" : issue.message,
      };
    }),
  };
}

/** Loads every *.yaml in dir (metrics/sources). A missing folder is an empty catalog. */
export function loadSourceCatalog(dir: string): SourceCatalog {
  const catalog: SourceCatalog = { systems: [], tables: new Map(), issues: [] };
  if (!fs.existsSync(dir)) return catalog;
  for (const name of fs.readdirSync(dir).filter((n) => /\.ya?ml$/.test(n)).sort()) {
    const filePath = path.join(dir, name);
    const file = path.relative(process.cwd(), filePath) || filePath;
    const { system, issues } = parseSourceFile(file, fs.readFileSync(filePath, "utf8"));
    catalog.issues.push(...issues);
    if (!system) continue;
    catalog.systems.push(system);
    for (const [table, t] of Object.entries(system.tables)) {
      if (catalog.tables.has(table)) catalog.issues.push({ file, line: 1, field: `tables.${table}`, message: `table '${table}' is already described by system '${catalog.tables.get(table)!.system}'` });
      else catalog.tables.set(table, { ...t, system: system.system, table });
    }
  }
  return catalog;
}

export const sourcesDirOf = (metricsDir: string) => path.join(metricsDir, "sources");
