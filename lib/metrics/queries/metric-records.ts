import "server-only";
import type { DataBounds } from "../view-plan";
import type { Warehouse } from "@/lib/db";
import { cachedDefinitionsRead } from "@/lib/db/cached-read";
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

/** Reads a caller already has, passed on so they are not repeated. */
export interface MetricReads {
  definitions?: Map<string, CurrentDefinition>;
  dataThrough?: Map<string, string>;
}

type LastRun = NonNullable<CatalogEntry["lastRun"]>;

export function toIso(value: unknown): string {
  const date = value instanceof Date ? value : new Date(String(value));
  if (Number.isNaN(date.getTime())) throw new Error(`Not a timestamp: ${String(value)}`);
  return date.toISOString();
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

// Parsed definitions by stored version: a version's content never changes
// (it is keyed by its content hash), so parsing it once per process is enough.
const parsedVersions = new Map<string, MetricDefinition>();
const PARSED_VERSIONS_KEPT = 2_000;

function parseStoredDefinition(key: string, id: string, contentHash: string, stored: unknown): MetricDefinition {
  const cacheKey = `${id}\u0000${contentHash}`;
  const cached = parsedVersions.get(cacheKey);
  if (cached) return cached;
  const result = metricDefinitionSchema.safeParse(stored);
  if (!result.success || !isRecord(stored)) {
    const detail = result.error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") ?? "not an object";
    throw new Error(`Stored definition of metric ${key} (version ${id}) is not a valid metric definition: ${detail}`);
  }
  if (parsedVersions.size >= PARSED_VERSIONS_KEPT) parsedVersions.clear();
  parsedVersions.set(cacheKey, result.data);
  return result.data;
}

/**
 * Every metric's definition in force, by key; only `only`'s when given (a
 * single metric's reads skip parsing the rest). Every page and API call starts
 * here: answered from memory until a definition changes (values may change
 * meanwhile). The definitions are shared between callers; the map is each caller's own.
 */
export async function readCurrentDefinitions(wh: Warehouse, only?: readonly string[]): Promise<Map<string, CurrentDefinition>> {
  const key = JSON.stringify(["current definitions", only ?? null]);
  return new Map(await cachedDefinitionsRead(wh, key, () => readCurrentDefinitionsNow(wh, only)));
}

async function readCurrentDefinitionsNow(wh: Warehouse, only?: readonly string[]): Promise<Map<string, CurrentDefinition>> {
  // One round trip.
  const rows = await wh.sql.query<{ key: string; current_version_id: string; id: string | null; content_hash: string; source: string; file_path: string; loaded_at: Date; definition: unknown }>(
    `SELECT m.key, m.current_version_id, v.id, v.content_hash, v.source, v.file_path, v.loaded_at, v.definition
       FROM metric_definition m
       LEFT JOIN metric_definition_version v ON v.id = m.current_version_id
      ${only ? "WHERE m.key IN (SELECT jsonb_array_elements_text($1::jsonb))" : ""}
      ORDER BY m.key`,
    only ? [JSON.stringify(only)] : [],
  );
  const parsed = new Map<string, { definition: MetricDefinition; version: CurrentDefinition["version"] }>();
  for (const row of rows) {
    if (row.id === null) throw new Error(`Metric ${row.key} points at definition version ${row.current_version_id}, which is not stored.`);
    const definition = parseStoredDefinition(row.key, row.id, row.content_hash, row.definition);
    parsed.set(row.key, {
      definition,
      version: {
        id: row.id,
        contentHash: row.content_hash,
        source: row.source,
        filePath: row.file_path,
        loadedAt: row.loaded_at instanceof Date ? row.loaded_at : new Date(String(row.loaded_at)),
        definition: row.definition as Record<string, unknown>,
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
  // One backward probe of the primary key per metric and grain: a GROUP BY
  // over every stored total point took 24 ms at the demo's size, on every page.
  const rows = await wh.sql.query<{ metric_key: string; grain: string; through: string | null }>(
    `SELECT m.key AS metric_key, g.grain,
            (SELECT max(v.period) FROM metric_value v
              WHERE v.metric_key = m.key AND v.grain = g.grain AND v.dimension = '' AND v.dimension_value = '') AS through
       FROM metric_definition m
      CROSS JOIN unnest($1::text[]) AS g(grain)
      ${key === undefined ? "" : "WHERE m.key = $2"}`,
    key === undefined ? [`{${GRAINS.join(",")}}`] : [`{${GRAINS.join(",")}}`, key],
  );
  const byKey = new Map<string, Map<string, string>>();
  for (const row of rows) {
    if (row.through === null) continue;
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
  return (await readDataBoundsByGrain(wh, key))(grains);
}

/**
 * The same, read before the grains are known (so it can run alongside the
 * definition read): a function of the metric's grains.
 */
export async function readDataBoundsByGrain(wh: Warehouse, key: string): Promise<(grains: readonly string[]) => DataBounds> {
  // Two primary-key probes per grain rather than a GROUP BY over every total point.
  const rows = await wh.sql.query<{ grain: string; first: string | null; last: string | null }>(
    `SELECT g.grain,
            (SELECT min(period) FROM metric_value v WHERE v.metric_key = $1 AND v.grain = g.grain AND v.dimension = '' AND v.dimension_value = '') AS first,
            (SELECT max(period) FROM metric_value v WHERE v.metric_key = $1 AND v.grain = g.grain AND v.dimension = '' AND v.dimension_value = '') AS last
       FROM unnest($2::text[]) AS g(grain)`,
    [key, `{${GRAINS.join(",")}}`],
  );
  const byGrain = new Map(rows.filter((r) => r.first !== null).map((r) => [r.grain, r]));
  return (grains) => {
    const finest = grains.map((g) => byGrain.get(g)).find((r) => r !== undefined);
    return finest ? { from: String(finest.first), through: String(finest.last) } : { from: null, through: null };
  };
}
