import "server-only";
import type { DataBounds } from "../view-plan";
import type { Warehouse } from "@/lib/db";
import { type CatalogEntry, lastRunSchema, runStatusSchema } from "../api-schema";
import { GRAINS, type Grain, type MetricDefinition, metricDefinitionSchema } from "../definition-schema";

// Reads shared by the metric query functions: the definitions in force, their
// freshness and their last runs. Not queries of their own.

export interface CurrentDefinition {
  key: string;
  definition: MetricDefinition;
  /** The grains and dimensions its values are stored at, resolved for ratio and derived metrics. */
  grains: Grain[];
  dimensions: string[];
  version: {
    id: string;
    contentHash: string;
    source: string;
    filePath: string;
    loadedAt: Date;
    definition: Record<string, unknown>;
  };
}

type LastRun = NonNullable<CatalogEntry["lastRun"]>;

export function toIso(value: unknown): string {
  const date = value instanceof Date ? value : new Date(String(value));
  if (Number.isNaN(date.getTime())) throw new Error(`Not a timestamp: ${String(value)}`);
  return date.toISOString();
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** Every metric's definition in force, by key; only `only`'s when given (a single metric's reads skip parsing the rest). */
export async function readCurrentDefinitions(wh: Warehouse, only?: readonly string[]): Promise<Map<string, CurrentDefinition>> {
  const metrics = await wh.prisma.metricDefinition.findMany({
    ...(only ? { where: { key: { in: [...only] } } } : {}),
    select: { key: true, currentVersionId: true },
  });
  const versions = await wh.prisma.metricDefinitionVersion.findMany({
    where: { id: { in: metrics.map((m) => m.currentVersionId) } },
  });
  const versionById = new Map(versions.map((v) => [v.id, v]));
  const parsed = new Map<string, { definition: MetricDefinition; version: CurrentDefinition["version"] }>();
  for (const metric of metrics) {
    const version = versionById.get(metric.currentVersionId);
    if (!version) throw new Error(`Metric ${metric.key} points at definition version ${metric.currentVersionId}, which is not stored.`);
    const result = metricDefinitionSchema.safeParse(version.definition);
    if (!result.success || !isRecord(version.definition)) {
      const detail = result.error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") ?? "not an object";
      throw new Error(`Stored definition of metric ${metric.key} (version ${version.id}) is not a valid metric definition: ${detail}`);
    }
    parsed.set(metric.key, {
      definition: result.data,
      version: {
        id: version.id,
        contentHash: version.contentHash,
        source: version.source,
        filePath: version.filePath,
        loadedAt: version.loadedAt,
        definition: version.definition,
      },
    });
  }
  // The pipeline stores each definition with the grains and dimensions it resolved.
  return new Map(
    [...parsed].map(([key, p]) => [key, { key, ...p, grains: GRAINS.filter((g) => p.definition.grains.includes(g)), dimensions: p.definition.dimensions ?? [] }]),
  );
}

/** The last period of each metric's total series at its finest grain with data, YYYY-MM-DD. */
export async function readDataThrough(wh: Warehouse, key?: string): Promise<Map<string, string>> {
  const rows = await wh.sql.query<{ metric_key: string; grain: string; through: string }>(
    `SELECT metric_key, grain, max(period) AS through
       FROM metric_value
      WHERE dimension = '' AND dimension_value = ''${key === undefined ? "" : " AND metric_key = $1"}
      GROUP BY metric_key, grain`,
    key === undefined ? [] : [key],
  );
  const byKey = new Map<string, Map<string, string>>();
  for (const row of rows) {
    const grains = byKey.get(row.metric_key) ?? new Map<string, string>();
    grains.set(row.grain, String(row.through));
    byKey.set(row.metric_key, grains);
  }
  const result = new Map<string, string>();
  for (const [metricKey, grains] of byKey) {
    const finest = GRAINS.find((g: Grain) => grains.has(g));
    const through = finest ? grains.get(finest) : undefined;
    if (through) result.set(metricKey, through);
  }
  return result;
}

/** Each metric's latest run by start time. */
export async function readLastRuns(wh: Warehouse, key?: string): Promise<Map<string, LastRun>> {
  const rows = await wh.sql.query<{
    id: string;
    metric_key: string;
    status: string;
    started_at: unknown;
    finished_at: unknown;
    error: string | null;
  }>(
    `SELECT DISTINCT ON (metric_key) id, metric_key, status, started_at, finished_at, error
       FROM metric_run${key === undefined ? "" : " WHERE metric_key = $1"}
      ORDER BY metric_key, started_at DESC, id DESC`,
    key === undefined ? [] : [key],
  );
  return new Map(
    rows.map((row) => [
      row.metric_key,
      lastRunSchema.parse({
        id: row.id,
        status: runStatusSchema.parse(row.status),
        startedAt: toIso(row.started_at),
        finishedAt: row.finished_at === null ? null : toIso(row.finished_at),
        error: row.error,
      }),
    ]),
  );
}

export function toCatalogEntry(current: CurrentDefinition, dataThrough: string | undefined, lastRun: LastRun | undefined): CatalogEntry {
  const d = current.definition;
  return {
    key: current.key,
    name: d.name,
    description: d.description,
    kind: d.kind,
    unit: d.unit,
    ...(d.currency ? { currency: d.currency } : {}),
    owner: d.owner,
    tags: d.tags,
    synonyms: d.synonyms,
    direction: d.direction,
    headline: d.headline,
    grains: current.grains,
    dimensions: current.dimensions,
    version: current.version.id,
    dataThrough: dataThrough ?? null,
    lastRun: lastRun ?? null,
  };
}

/** First and last period of the total series at the finest grain that has data. */
export async function readDataBounds(wh: Warehouse, key: string, grains: readonly string[]): Promise<DataBounds> {
  const rows = await wh.sql.query<{ grain: string; first: string; last: string }>(
    `SELECT grain, min(period) AS first, max(period) AS last
       FROM metric_value
      WHERE metric_key = $1 AND dimension = '' AND dimension_value = ''
      GROUP BY grain`,
    [key],
  );
  const byGrain = new Map(rows.map((r) => [r.grain, r]));
  const finest = grains.map((g) => byGrain.get(g)).find((r) => r !== undefined);
  return finest ? { from: String(finest.first), through: String(finest.last) } : { from: null, through: null };
}
