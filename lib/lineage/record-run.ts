import "server-only";
import type { Warehouse } from "@/lib/db";
import { appendAuditEntries, appendAuditEntriesNow, type NewAuditEntry } from "@/lib/audit/append-audit-entry";
import type { CompiledMetric } from "@/lib/metrics/compiler";
import type { MetricDefinition } from "@/lib/metrics/definition-schema";
import type { NewQualityCheck } from "@/lib/quality/check-schema";
import { rollupChecks } from "@/lib/quality/rollup-checks";
import { linkChecksToRun, storeQualityChecks } from "@/lib/quality/store-checks";
import { profileSourceTable, tableChecks } from "@/lib/quality/table-checks";
import { recordLineage, lineageEdgesOf } from "./record-lineage";
import type { SourceCatalog } from "./source-catalog";

export const PIPELINE_ACTOR = "triad-pipeline";

/** Table checks by schema.table, run once per compute for the tables the targets read. */
export type TableCheckIds = Map<string, string[]>;

const failureEntry = (c: NewQualityCheck, id: string, computeId: string, runId?: string): NewAuditEntry => ({
  actor: PIPELINE_ACTOR,
  action: "quality_check.failed",
  entityType: c.nodeKind,
  entityId: c.nodeName,
  detail: { checkId: id, check: c.check, message: c.message, expected: c.expected, actual: c.actual, computeId, ...(runId ? { runId } : {}) },
});

export async function runTableChecks(wh: Warehouse, catalog: SourceCatalog, compiled: readonly CompiledMetric[], computeId: string): Promise<TableCheckIds> {
  const ids: TableCheckIds = new Map();
  const now = new Date();
  for (const c of compiled) {
    if (c.input.kind !== "table") continue;
    const name = `${c.input.schema}.${c.input.table}`;
    const source = catalog.tables.get(c.input.table);
    if (ids.has(name) || !source) continue;
    const checks = tableChecks(source, await profileSourceTable(wh.sql, c.input.schema, source), now);
    const stored = await wh.sql.transaction(async (tx) => {
      const checkIds = await storeQualityChecks(tx, computeId, checks, now);
      await appendAuditEntries(tx, checks.flatMap((check, i) => (check.status === "fail" ? [failureEntry(check, checkIds[i]!, computeId)] : [])));
      return checkIds;
    });
    ids.set(name, stored);
  }
  return ids;
}

export interface RecordRunInput {
  computeId: string;
  compiled: CompiledMetric;
  definition: MetricDefinition;
  catalog: SourceCatalog;
  tableCheckIds: TableCheckIds;
  run: { runId: string; status: "succeeded" | "failed"; inputRows: number; outputRows: number; error?: string };
  definitionVersionId: string;
}

/** Lineage, rollup checks, links to the table checks and the audit entry of one finished run, in one transaction. */
export async function recordRun(wh: Warehouse, r: RecordRunInput): Promise<void> {
  const { compiled, run } = r;
  const system = compiled.input.kind === "table" ? (r.catalog.tables.get(compiled.input.table)?.system ?? "warehouse") : "triad";
  await wh.sql.transaction(async (tx) => {
    await recordLineage(tx, run.runId, lineageEdgesOf(compiled, system));
    const linked = compiled.input.kind === "table" ? (r.tableCheckIds.get(`${compiled.input.schema}.${compiled.input.table}`) ?? []) : [];
    const checks = run.status === "succeeded" ? await rollupChecks(tx, r.definition, compiled, run) : [];
    const checkIds = await storeQualityChecks(tx, r.computeId, checks);
    await linkChecksToRun(tx, run.runId, [...linked, ...checkIds]);
    await appendAuditEntries(tx, [
      {
        actor: PIPELINE_ACTOR,
        action: run.status === "succeeded" ? "run.succeeded" : "run.failed",
        entityType: "run",
        entityId: run.runId,
        detail: { metricKey: compiled.key, definitionVersionId: r.definitionVersionId, inputRows: run.inputRows, outputRows: run.outputRows, computeId: r.computeId, ...(run.error ? { error: run.error } : {}) },
      },
      ...checks.flatMap((c, i) => (c.status === "fail" ? [failureEntry(c, checkIds[i]!, r.computeId, run.runId)] : [])),
    ]);
  });
}

/** Audits each metric whose current definition version changed in this sync. */
export async function auditDefinitionChanges(wh: Warehouse, before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): Promise<void> {
  const entries: NewAuditEntry[] = [];
  for (const [key, id] of after) {
    const previous = before.get(key);
    if (previous === id) continue;
    entries.push({ actor: PIPELINE_ACTOR, action: previous ? "definition.changed" : "definition.created", entityType: "metric", entityId: key, detail: { versionId: id, previousVersionId: previous ?? null } });
  }
  await appendAuditEntriesNow(wh.sql, entries);
}
