import "server-only";
import { listRunQualityChecks } from "@/lib/quality/queries/list-quality-checks";
import type { Viewer } from "@/lib/auth/viewer-schema";
import type { Warehouse } from "@/lib/db";
import { NotFoundError } from "@/lib/http/errors";
import { runStatusSchema } from "@/lib/metrics/api-schema";
import { readCurrentDefinitions } from "@/lib/metrics/queries/metric-records";
import { readMetricVisibility } from "@/lib/metrics/queries/metric-visibility";
import type { ListRunsQuery, RunDetail, RunList, RunSummary } from "./run-schema";

type RunRecord = {
  id: string;
  metricKey: string;
  definitionVersionId: string;
  status: string;
  startedAt: Date;
  finishedAt: Date | null;
  codeVersion: string | null;
  inputRowCounts: unknown;
  outputRows: number | null;
};

function inputCounts(value: unknown): Record<string, number> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter(([, v]) => typeof v === "number" || typeof v === "string").map(([k, v]) => [k, Number(v)]));
}

function toSummary(r: RunRecord): RunSummary {
  return {
    id: r.id,
    metricKey: r.metricKey,
    status: runStatusSchema.parse(r.status),
    startedAt: r.startedAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
    durationMs: r.finishedAt ? r.finishedAt.getTime() - r.startedAt.getTime() : null,
    inputRows: Object.values(inputCounts(r.inputRowCounts)).reduce((a, b) => a + b, 0),
    outputRows: r.outputRows,
    codeVersion: r.codeVersion,
    definitionVersionId: r.definitionVersionId,
  };
}

const SUMMARY = { id: true, metricKey: true, definitionVersionId: true, status: true, startedAt: true, finishedAt: true, codeVersion: true, inputRowCounts: true, outputRows: true } as const;

/** The metric keys a non-admin viewer may see runs of; undefined: every run (admins, who also see runs of deleted metrics). */
async function visibleRunKeys(wh: Warehouse, viewer: Viewer): Promise<string[] | undefined> {
  if (viewer.role === "admin") return undefined;
  const definitions = await readCurrentDefinitions(wh);
  const visible = await readMetricVisibility(wh, viewer, definitions);
  return [...definitions.keys()].filter(visible);
}

/** Runs of metrics the viewer may see, newest first, filtered by metric, status and definition version. */
export async function listRuns(wh: Warehouse, viewer: Viewer, q: ListRunsQuery): Promise<RunList> {
  const keys = await visibleRunKeys(wh, viewer);
  const metricKey = q.metric ? (keys && !keys.includes(q.metric) ? { in: [] } : q.metric) : keys ? { in: keys } : undefined;
  const where = {
    ...(metricKey !== undefined ? { metricKey } : {}),
    ...(q.status ? { status: q.status } : {}),
    ...(q.definitionVersion ? { definitionVersionId: q.definitionVersion } : {}),
  };
  const [rows, total] = await Promise.all([
    wh.prisma.metricRun.findMany({ where, select: SUMMARY, orderBy: [{ startedAt: "desc" }, { id: "desc" }], skip: (q.page - 1) * q.pageSize, take: q.pageSize }),
    wh.prisma.metricRun.count({ where }),
  ]);
  return { runs: rows.map(toSummary), total, page: q.page, pageSize: q.pageSize };
}

/** One run with its SQL, error and input counts; NotFoundError for a run of a metric the viewer may not see, as for an unknown id. */
export async function getRunOrThrow(wh: Warehouse, viewer: Viewer, id: string): Promise<RunDetail> {
  const run = await wh.prisma.metricRun.findUnique({ where: { id } });
  const keys = run ? await visibleRunKeys(wh, viewer) : undefined;
  if (!run || (keys && !keys.includes(run.metricKey))) throw new NotFoundError(`There is no run with id "${id}".`, "id");
  const [storedPoints, checks] = await Promise.all([wh.prisma.metricValue.count({ where: { runId: id } }), listRunQualityChecks(wh.sql, [id])]);
  return { ...toSummary(run), inputRowCounts: inputCounts(run.inputRowCounts), sql: run.sql, error: run.error, storedPoints, checks };
}
