import "server-only";
import { randomUUID } from "node:crypto";
import type { Warehouse } from "@/lib/db";
import { compileMetric, renderSqlWithParams, type CompiledMetric } from "@/lib/metrics/compiler";
import type { Grain, SourcedMetricDefinition } from "@/lib/metrics/definition-schema";
import { getWarehouseColumns } from "@/lib/metrics/warehouse-columns";
import { formatLintIssue, type LintIssue } from "@/lib/metrics/loader";
import { checkMetricFiles } from "@/lib/metrics/lint";
import { composedInputs } from "@/lib/metrics/lint-issue";
import { auditDefinitionChanges, recordRun, runTableChecks } from "@/lib/lineage/record-run";
import { loadSourceCatalog, sourcesDirOf } from "@/lib/lineage/source-catalog";
import { runAlertEvaluation, type AlertEvaluationOptions, type AlertEvaluationResult } from "@/lib/alerts/run-alert-evaluation";
import { codeVersion } from "./code-version";
import { takeComputeLease } from "./compute-lease";
import { refreshSourceDays, readSourceDays, sourceTableName, type WatchedColumn } from "./source-days";
import { fingerprintKey, getSourceFingerprints, getStoredFingerprints, planComposed, planSourced, storeFingerprints, type AffectedPeriods, type DayFingerprints, type RunPlan } from "./incremental";
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
  /** "incremental" rewrote only the periods its source changes touched. */
  mode: "full" | "incremental";
  /** Why the run was full or what the incremental run rewrote. */
  reason: string;
  /** The (grain, period) points the run rewrote: "all", or those periods. */
  affected: { grain: Grain; period: string }[] | "all";
}

export interface ComputeOptions {
  metricsDir: string;
  /** Compute only these metrics (their inputs' stored values are used as they are). */
  only?: readonly string[];
  /** Compute only metrics whose current definition has no succeeded run yet. */
  onlyStale?: boolean;
  /** Recompute every point; otherwise only the periods whose source rows changed since each metric's last run. */
  full?: boolean;
  onMetric?: (result: MetricRunResult) => void;
  /** After the metrics, their alert rules are evaluated and pending alerts delivered; false skips both. */
  alerts?: false | Omit<AlertEvaluationOptions, "computeId">;
  onAlerts?: (result: AlertEvaluationResult) => void;
}

export interface RunMetricOptions {
  /** Default: full. */
  plan?: RunPlan;
  /** The source days' fingerprints this run reads, stored with it for the next run. */
  fingerprints?: DayFingerprints;
}

const pairsParams = (pairs: readonly { grain: string; period: string }[]) => [`{${pairs.map((p) => p.grain).join(",")}}`, `{${pairs.map((p) => p.period).join(",")}}`];

/** Runs one compiled metric: one transaction, so a failure keeps the previous values. */
export async function runMetric(wh: Warehouse, compiled: CompiledMetric, definitionVersionId: string, options: RunMetricOptions = {}): Promise<MetricRunResult> {
  const runId = randomUUID();
  const started = Date.now();
  const plan: RunPlan = options.plan ?? { mode: "full", reason: "full compute" };
  const scope = plan.mode === "incremental" ? plan.scope : null;
  const params = [compiled.key, runId, ...compiled.params.slice(2)];
  const inputName = compiled.input.kind === "table" ? compiled.input.table : compiled.input.keys.map((k) => `metric:${k}`).join(",");
  const runScope =
    plan.mode === "full"
      ? { reason: plan.reason }
      : { reason: plan.reason, changedDays: plan.changedDays, ...(scope?.kind === "periods" ? { periods: scope.pairs } : scope?.kind === "from" ? { from: scope.from, ...(scope.through ? { through: scope.through } : {}) } : { periods: [] }) };
  await wh.prisma.metricRun.create({
    data: {
      id: runId,
      metricKey: compiled.key,
      definitionVersionId,
      status: "running",
      startedAt: new Date(started),
      codeVersion: codeVersion(),
      sql: plan.mode === "incremental" && !scope ? `-- No statement ran: ${plan.reason}.` : renderSqlWithParams(compiled.sql, params),
      inputRowCounts: {},
      mode: plan.mode,
      scope: runScope,
    },
  });
  const base = { key: compiled.key, runId, mode: plan.mode, reason: plan.reason };
  try {
    const { row, affected } = await wh.sql.transaction(async (tx) => {
      // Compiling these large one-off statements with JIT costs more than it
      // saves. PGlite has no JIT and accepts the setting as a no-op.
      await tx.query(`SET LOCAL jit = off`);
      // The window sorts of rolling distinct counts spill to disk at PostgreSQL's
      // default 4 MB; one statement at a time, 64 MB keeps an appended day's in memory.
      if (wh.kind === "postgres") await tx.query(`SET LOCAL work_mem = '64MB'`);
      if (compiled.rangeRead) await tx.query(`SET LOCAL enable_indexscan = off`);
      let result: { output_rows: number; input_rows: number } | undefined = { output_rows: 0, input_rows: 0 };
      let affected: MetricRunResult["affected"] = [];
      if (plan.mode === "full") {
        await tx.query(`DELETE FROM metric_value WHERE metric_key = $1`, [compiled.key]);
        [result] = await tx.query<{ output_rows: number; input_rows: number }>(compiled.sql, params);
        affected = "all";
      } else if (scope?.kind === "periods") {
        // A period whose source rows all went must lose its point: delete, then write.
        await tx.query(`DELETE FROM metric_value WHERE metric_key = $1 AND (grain, period) IN (SELECT * FROM unnest($2::text[], $3::date[]))`, [compiled.key, ...pairsParams(scope.pairs)]);
        [result] = await tx.query<{ output_rows: number; input_rows: number }>(compiled.sql, params);
        affected = scope.pairs;
      } else if (scope?.kind === "from") {
        // Upserted: an appended day never removes a point.
        [result] = await tx.query<{ output_rows: number; input_rows: number }>(compiled.sql, params);
        const written = await tx.query<{ grain: Grain; period: string }>(`SELECT DISTINCT grain, period::text AS period FROM metric_value WHERE run_id = $1`, [runId]);
        affected = written;
      }
      if (options.fingerprints) await storeFingerprints(tx, compiled.key, options.fingerprints);
      return { row: result ?? { output_rows: 0, input_rows: 0 }, affected };
    });
    const outputRows = Number(row.output_rows);
    const inputRows = Number(row.input_rows);
    await wh.prisma.metricRun.update({
      where: { id: runId },
      data: { status: "succeeded", finishedAt: new Date(), outputRows, inputRowCounts: { [inputName]: inputRows } },
    });
    return { ...base, status: "succeeded", outputRows, inputRows, ms: Date.now() - started, affected };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await wh.prisma.metricRun.update({ where: { id: runId }, data: { status: "failed", finishedAt: new Date(), error: message } });
    return { ...base, status: "failed", outputRows: 0, inputRows: 0, ms: Date.now() - started, error: message, affected: [] };
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
  const lease = await takeComputeLease(wh.sql, computeId);
  try {
    return await computeWithLease(wh, options, { checked, catalog, versions, targets, computeId });
  } finally {
    await lease.release();
  }
}

interface Prepared {
  checked: Awaited<ReturnType<typeof checkMetricFiles>>;
  catalog: ReturnType<typeof loadSourceCatalog>;
  versions: Map<string, string>;
  targets: string[];
  computeId: string;
}

async function computeWithLease(wh: Warehouse, options: ComputeOptions, { checked, catalog, versions, targets, computeId }: Prepared): Promise<MetricRunResult[]> {
  const ctx = await getWarehouseColumns(wh.sql);
  const shapes = new Map([...checked.compiled].map(([k, c]) => [k, { grains: c.grains, dimensions: c.dimensions }]));
  // Each metric's last succeeded run before this compute: same definition -> incremental.
  const previous = new Map(
    (await wh.prisma.metricRun.findMany({ where: { status: "succeeded" }, orderBy: { startedAt: "desc" }, distinct: ["metricKey"], select: { metricKey: true, definitionVersionId: true, startedAt: true } })).map((r) => [r.metricKey, r]),
  );
  // The per-day fingerprints of every source table the targets read (and of
  // its catalog time column, for the table checks), re-read only for the
  // days logged as changed; --full re-reads them whole.
  const wanted: WatchedColumn[] = [];
  const want = (table: string, timeColumn: string) => {
    const timeType = ctx.columns.get(table)?.get(timeColumn);
    if (timeType && !wanted.some((w) => w.table === table && w.timeColumn === timeColumn)) wanted.push({ schema: ctx.schema, table, timeColumn, timeType });
  };
  const targetDefinitions = targets.map((k) => checked.metrics.find((m) => m.definition.key === k)!.definition);
  for (const d of targetDefinitions) {
    if (d.kind === "ratio" || d.kind === "derived") continue;
    want(d.table, d.time_column);
    const source = catalog.tables.get(d.table);
    if (source) want(d.table, source.time_column);
  }
  const refreshed = new Set<string>();
  for (const table of new Set(wanted.map((w) => w.table))) {
    // A table whose days cannot be kept is read whole below, as before.
    const ok = await refreshSourceDays(wh.sql, wanted.filter((w) => w.table === table), { full: options.full }).then(
      () => true,
      () => false,
    );
    if (ok) for (const w of wanted) if (w.table === table) refreshed.add(`${sourceTableName(w.schema, w.table)}\u0000${w.timeColumn}`);
  }
  if (options.full) {
    // --full re-reads every raw row for the reconciliation too.
    await wh.sql.query(`DELETE FROM metric_check_day WHERE metric_key = ANY($1::text[])`, [`{${targets.join(",")}}`]);
  }
  const fingerprints = new Map<string, Promise<DayFingerprints>>();
  const fingerprintsOf = (d: SourcedMetricDefinition) => {
    const k = fingerprintKey(d);
    let f = fingerprints.get(k);
    if (!f)
      fingerprints.set(
        k,
        (f = refreshed.has(`${sourceTableName(ctx.schema, d.table)}\u0000${d.time_column}`)
          ? readSourceDays(wh.sql, ctx.schema, d.table, d.time_column)
          : getSourceFingerprints(wh.sql, ctx.schema, d.table, d.time_column, ctx.columns.get(d.table)?.get(d.time_column) ?? "date")),
      );
    return f;
  };
  const affected: AffectedPeriods = new Map();
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
      result = { key, runId, status: "failed", outputRows: 0, inputRows: 0, ms: 0, error, mode: "full", reason: error, affected: [] };
    } else {
      const definition = byKey.get(key)!.definition;
      const prev = previous.get(key);
      const sourced = definition.kind === "ratio" || definition.kind === "derived" ? undefined : definition;
      const current = sourced ? await fingerprintsOf(sourced) : undefined;
      let plan: RunPlan;
      if (options.full) plan = { mode: "full", reason: "--full" };
      else if (!prev) plan = { mode: "full", reason: "no earlier succeeded run" };
      else if (prev.definitionVersionId !== versions.get(key)) plan = { mode: "full", reason: "the definition changed since the last run" };
      else if (sourced)
        // A planning query that fails leaves the metric to a full run, which reports its own error.
        plan = await planSourced(wh.sql, sourced, ctx, await getStoredFingerprints(wh.sql, key), current!).catch(
          (error: unknown): RunPlan => ({ mode: "full", reason: `finding the changed periods failed (${error instanceof Error ? error.message : String(error)})` }),
        );
      else
        plan = planComposed(
          definition as Extract<typeof definition, { kind: "ratio" | "derived" }>,
          composedInputs(definition).map((i) => i.key),
          affected,
          (input) => (previous.get(input)?.startedAt ?? new Date(0)) > prev.startedAt,
        );
      const run = plan.mode === "incremental" && plan.scope ? compileMetric(definition, { ...ctx, shapes }, plan.scope) : compiled;
      result = await runMetric(wh, run, versions.get(key)!, { plan, fingerprints: current });
      if (result.status === "succeeded") affected.set(key, result.affected);
    }
    await recordRun(wh, { computeId, compiled, definition: byKey.get(key)!.definition, catalog, tableCheckIds, run: result, definitionVersionId: versions.get(key)! });
    if (result.status === "failed") failed.add(key);
    options.onMetric?.(result);
    results.push(result);
  }
  if (options.alerts !== false) {
    const evaluated = checked.metrics.map((m) => m.definition).filter((d) => targets.includes(d.key) && !failed.has(d.key));
    options.onAlerts?.(await runAlertEvaluation(wh, evaluated, { ...options.alerts, computeId }));
  }
  return results;
}
