// Versions of a metric definition, the diff between two of them and the points
// each produced, as the API and the definition page show them. Pure.
import { z } from "zod";
import { grainSchema } from "./definition-schema";

/** A definition version id as stored: `KEY@HASH12`. */
export const definitionVersionIdSchema = z.string().min(1).max(200);

/** Stored points a version's runs wrote and that are still stored, at one grain (every slice counted). */
export const versionGrainPointsSchema = z.object({
  grain: grainSchema,
  points: z.number().int(),
  /** First and last period, YYYY-MM-DD. */
  firstPeriod: z.string(),
  lastPeriod: z.string(),
});
export type VersionGrainPoints = z.infer<typeof versionGrainPointsSchema>;

export const definitionVersionSchema = z.object({
  id: z.string(),
  contentHash: z.string(),
  filePath: z.string(),
  /** When this content was first loaded, ISO 8601. */
  loadedAt: z.string(),
  current: z.boolean(),
  /** The file as written. */
  source: z.string(),
  /** The formula in plain words; null when the stored definition no longer parses. */
  formula: z.string().nullable(),
  /** The SQL the latest run of this version executed; null before its first run. */
  sql: z.string().nullable(),
  sqlRunId: z.string().nullable(),
  runs: z.number().int(),
  succeededRuns: z.number().int(),
  storedPoints: z.number().int(),
  pointsByGrain: z.array(versionGrainPointsSchema),
});
export type DefinitionVersion = z.infer<typeof definitionVersionSchema>;

/** GET /api/metrics/{key}/versions: newest first. */
export const definitionVersionListSchema = z.object({
  metricKey: z.string(),
  currentVersionId: z.string(),
  versions: z.array(definitionVersionSchema),
});
export type DefinitionVersionList = z.infer<typeof definitionVersionListSchema>;

/** GET /api/metrics/{key}/versions/diff. */
export const versionDiffQuerySchema = z.strictObject({
  from: definitionVersionIdSchema,
  to: definitionVersionIdSchema,
});
export type VersionDiffQuery = z.infer<typeof versionDiffQuerySchema>;

export const diffLineSchema = z.object({
  kind: z.enum(["hunk", "context", "added", "removed", "note"]),
  /** The line without its +, - or space prefix. */
  text: z.string(),
  /** 1-based line numbers in the from and to files; null where the line is absent. */
  fromLine: z.number().int().nullable(),
  toLine: z.number().int().nullable(),
});
export type DiffLine = z.infer<typeof diffLineSchema>;

export const definitionDiffSchema = z.object({
  metricKey: z.string(),
  from: z.object({ id: z.string(), loadedAt: z.string(), filePath: z.string() }),
  to: z.object({ id: z.string(), loadedAt: z.string(), filePath: z.string() }),
  added: z.number().int(),
  removed: z.number().int(),
  /** The unified diff as text, every line of both files in context. */
  patch: z.string(),
  lines: z.array(diffLineSchema),
});
export type DefinitionDiff = z.infer<typeof definitionDiffSchema>;
