import "server-only";
import { randomUUID } from "node:crypto";
import type { Warehouse } from "@/lib/db";
import { renderSqlWithParams, type CompiledMetric } from "@/lib/metrics/compiler";
import { formatLintIssue, type LintIssue } from "@/lib/metrics/loader";
import { checkMetricFiles } from "@/lib/metrics/lint";
import { composedInputs } from "@/lib/metrics/lint-issue";
import { auditDefinitionChanges, recordRun, runTableChecks } from "@/lib/lineage/record-run";
import { loadSourceCatalog, sourcesDirOf } from "@/lib/lineage/source-catalog";
import { codeVersion } from "./code-version";
import { syncDefinitions } from "./sync-definitions";

export class MetricFilesInvalidError extends Error {
  constructor(readonly issues: LintIssue[]) {
    super(`The metric files have ${issues.length} problem${issues.length === 1 ? "" : "s"}; nothing was computed:\n${issues.map(formatLintIssue).join("\n")}`);
  }
}

export interface MetricRunResult {
  key: string;
  runId: string;
  status: "succeeded" | "failed";
  outputRows: number;
  inputRows: number;
  ms: number;
  error?: string;
}

export interface ComputeOptions {
  metricsDir: string;
  /** Compute only these metrics (their inputs' stored values are used as they are). */
  only?: readonly string[];
  /** Compute only metrics whose current definition has no succeeded run yet. */
  onlyStale?: boolean;
  onMetric?: (result: MetricRunResult) => void;
}

/** Runs one compiled metric: one transaction, so a failure keeps the previous values. */
export async function runMetric(wh: Warehouse, compiled: CompiledMetric, definitionVersionId: string): Promise<MetricRunResult> {
  const runId = randomUUID();
  const started = Date.now();
  const params = [compiled.key, runId, ...compiled.params.slice(2)];
  const inputName = compiled.input.kind === "table" ? compiled.input.table : compiled.input.keys.map((k) => `metric:${k}`).join(",");
  await wh.prisma.metricRun.create({
    data: {
      id: runId,
      metricKey: compiled.key,
      definitionVersionId,
      status: "running",
      startedAt: new Date(started),
      codeVersion: codeVersion(),
      sql: renderSqlWithParams(compiled.sql, params),
      inputRowCounts: {},
    },
  });
  try {
    const row = await wh.sql.transaction(async (tx) => {
      // Compiling these large one-off statements with JIT costs more than it
      // saves. PGlite has no JIT and accepts the setting as a no-op.
      await tx.query(`SET LOCAL jit = off`);
      await tx.query(`DELETE FROM metric_value WHERE metric_key = $1`, [compiled.key]);
      const [result] = await tx.query<{ output_rows: number; input_rows: number }>(compiled.sql, params);
      return result ?? { output_rows: 0, input_rows: 0 };
    });
    const outputRows = Number(row.output_rows);
    const inputRows = Number(row.input_rows);
    await wh.prisma.metricRun.update({
      where: { id: runId },
      data: { status: "succeeded", finishedAt: new Date(), outputRows, inputRowCounts: { [inputName]: inputRows } },
    });
    return { key: compiled.key, runId, status: "succeeded", outputRows, inputRows, ms: Date.now() - started };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await wh.prisma.metricRun.update({ where: { id: runId }, data: { status: "failed", finishedAt: new Date(), error: message } });
    return { key: compiled.key, runId, status: "failed", outputRows: 0, inputRows: 0, ms: Date.now() - started, error: message };
  }
}

/**
 * Computes metrics in dependency order. A metric whose input failed in this
 * compute is not run on stale inputs: it gets a failed run naming the input.
 */
export async function computeMetrics(wh: Warehouse, options: ComputeOptions): Promise<MetricRunResult[]> {
  const checked = await checkMetricFiles(wh.sql, options.metricsDir);
  if (checked.issues.length > 0) throw new MetricFilesInvalidError(checked.issues);
  const unknown = (options.only ?? []).filter((k) => !checked.compiled.has(k));
  if (unknown.length > 0) throw new Error(`Unknown metric ${unknown.map((k) => `'${k}'`).join(", ")}; known: ${[...checked.compiled.keys()].join(", ")}`);
  const catalog = loadSourceCatalog(sourcesDirOf(options.metricsDir));
  if (catalog.issues.length > 0) throw new MetricFilesInvalidError(catalog.issues);
  const before = new Map((await wh.prisma.metricDefinition.findMany({ select: { key: true, currentVersionId: true } })).map((d) => [d.key, d.currentVersionId]));
  const versions = await syncDefinitions(wh, checked.metrics, checked.compiled);
  await auditDefinitionChanges(wh, before, versions);

  let targets = checked.metrics.map((m) => m.definition.key);
  if (options.only) targets = targets.filter((k) => options.only!.includes(k));
  if (options.onlyStale) {
    const fresh = await wh.prisma.metricRun.findMany({
      where: { status: "succeeded", definitionVersionId: { in: [...versions.values()] } },
      select: { metricKey: true, definitionVersionId: true },
      distinct: ["metricKey"],
    });
    const freshKeys = new Set(fresh.filter((r) => versions.get(r.metricKey) === r.definitionVersionId).map((r) => r.metricKey));
    // A stale input makes its dependents stale too.
    const stale = new Set<string>();
    for (const m of checked.metrics) {
      const key = m.definition.key;
      if (!freshKeys.has(key) || composedInputs(m.definition).some((i) => stale.has(i.key))) stale.add(key);
    }
    targets = targets.filter((k) => stale.has(k));
  }

  const computeId = randomUUID();
  const tableCheckIds = await runTableChecks(wh, catalog, targets.map((k) => checked.compiled.get(k)!), computeId);
  const results: MetricRunResult[] = [];
  const failed = new Set<string>();
  const byKey = new Map(checked.metrics.map((m) => [m.definition.key, m]));
  for (const key of targets) {
    const compiled = checked.compiled.get(key)!;
    const failedInput = composedInputs(byKey.get(key)!.definition).find((i) => failed.has(i.key));
    let result: MetricRunResult;
    if (failedInput) {
      const runId = randomUUID();
      const error = `Not computed: its input metric '${failedInput.key}' failed in this compute.`;
      const now = new Date();
      await wh.prisma.metricRun.create({
        data: { id: runId, metricKey: key, definitionVersionId: versions.get(key)!, status: "failed", startedAt: now, finishedAt: now, codeVersion: codeVersion(), sql: renderSqlWithParams(compiled.sql, compiled.params), inputRowCounts: {}, error },
      });
      result = { key, runId, status: "failed", outputRows: 0, inputRows: 0, ms: 0, error };
    } else {
      result = await runMetric(wh, compiled, versions.get(key)!);
    }
    await recordRun(wh, { computeId, compiled, definition: byKey.get(key)!.definition, catalog, tableCheckIds, run: result, definitionVersionId: versions.get(key)! });
    if (result.status === "failed") failed.add(key);
    options.onMetric?.(result);
    results.push(result);
  }
  return results;
}
