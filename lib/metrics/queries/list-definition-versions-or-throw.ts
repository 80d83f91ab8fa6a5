import "server-only";
import type { Viewer } from "@/lib/auth/viewer-schema";
import type { Warehouse } from "@/lib/db";
import { NotFoundError } from "@/lib/http/errors";
import { GRAINS, type Grain, grainSchema, metricDefinitionSchema } from "../definition-schema";
import type {
  DefinitionVersion,
  DefinitionVersionList,
  VersionGrainPoints,
} from "../definition-version-schema";
import { describeFormula } from "../formula";
import { toIso } from "./metric-records";
import { assertMetricVisibleOrThrow } from "./metric-visibility";

interface VersionRow extends Record<string, unknown> {
  id: string;
  content_hash: string;
  file_path: string;
  loaded_at: unknown;
  source: string;
  definition: unknown;
}

/**
 * Every stored version of one metric's definition, newest first, each with the
 * SQL of its latest run and the points its runs wrote that are still stored
 * (a later run of another version replaces a point, so it counts there).
 */
export async function listDefinitionVersionsOrThrow(
  wh: Warehouse,
  viewer: Viewer,
  key: string,
): Promise<DefinitionVersionList> {
  await assertMetricVisibleOrThrow(wh, viewer, key);
  const [metric] = await wh.sql.query<{ current_version_id: string }>(
    `SELECT current_version_id FROM metric_definition WHERE key = $1`,
    [key],
  );
  if (!metric) throw new NotFoundError(`There is no metric with key "${key}".`, "key");
  const [versions, runs, latest, points] = await Promise.all([
    wh.sql.query<VersionRow>(
      `SELECT id, content_hash, file_path, loaded_at, source, definition FROM metric_definition_version WHERE metric_key = $1 ORDER BY loaded_at DESC, id DESC`,
      [key],
    ),
    wh.sql.query<{ version_id: string; runs: number; succeeded: number }>(
      `SELECT definition_version_id AS version_id, count(*)::int AS runs, (count(*) FILTER (WHERE status = 'succeeded'))::int AS succeeded
         FROM metric_run WHERE metric_key = $1 GROUP BY definition_version_id`,
      [key],
    ),
    wh.sql.query<{ version_id: string; id: string; sql: string }>(
      `SELECT DISTINCT ON (definition_version_id) definition_version_id AS version_id, id, sql
         FROM metric_run WHERE metric_key = $1 ORDER BY definition_version_id, started_at DESC, id DESC`,
      [key],
    ),
    wh.sql.query<{
      version_id: string;
      grain: string;
      points: number;
      first_period: string;
      last_period: string;
    }>(
      `SELECT r.definition_version_id AS version_id, v.grain, count(*)::int AS points, min(v.period)::text AS first_period, max(v.period)::text AS last_period
         FROM metric_value v JOIN metric_run r ON r.id = v.run_id
        WHERE v.metric_key = $1
        GROUP BY r.definition_version_id, v.grain`,
      [key],
    ),
  ]);
  const runsById = new Map(runs.map((r) => [r.version_id, r]));
  const latestById = new Map(latest.map((r) => [r.version_id, r]));
  const pointsById = new Map<string, VersionGrainPoints[]>();
  for (const p of points) {
    const list = pointsById.get(p.version_id) ?? [];
    list.push({
      grain: grainSchema.parse(p.grain),
      points: Number(p.points),
      firstPeriod: p.first_period,
      lastPeriod: p.last_period,
    });
    pointsById.set(p.version_id, list);
  }
  const grainOrder = (g: Grain) => GRAINS.indexOf(g);
  return {
    metricKey: key,
    currentVersionId: metric.current_version_id,
    versions: versions.map((v): DefinitionVersion => {
      const parsed = metricDefinitionSchema.safeParse(v.definition);
      const byGrain = (pointsById.get(v.id) ?? []).sort(
        (a, b) => grainOrder(a.grain) - grainOrder(b.grain),
      );
      const run = runsById.get(v.id);
      const last = latestById.get(v.id);
      return {
        id: v.id,
        contentHash: v.content_hash,
        filePath: v.file_path,
        loadedAt: toIso(v.loaded_at),
        current: v.id === metric.current_version_id,
        source: v.source,
        formula: parsed.success ? describeFormula(parsed.data) : null,
        sql: last?.sql ?? null,
        sqlRunId: last?.id ?? null,
        runs: run ? Number(run.runs) : 0,
        succeededRuns: run ? Number(run.succeeded) : 0,
        storedPoints: byGrain.reduce((sum, g) => sum + g.points, 0),
        pointsByGrain: byGrain,
      };
    }),
  };
}
