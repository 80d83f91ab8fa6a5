import "server-only";
import { listRunQualityChecks } from "@/lib/quality/queries/list-quality-checks";
import type { Warehouse } from "@/lib/db";
import { NotFoundError } from "@/lib/http/errors";
import { runStatusSchema } from "@/lib/metrics/api-schema";
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

/** Runs, newest first, filtered by metric, status and definition version. */
export async function listRuns(wh: Warehouse, q: ListRunsQuery): Promise<RunList> {
  const where = {
    ...(q.metric ? { metricKey: q.metric } : {}),
    ...(q.status ? { status: q.status } : {}),
    ...(q.definitionVersion ? { definitionVersionId: q.definitionVersion } : {}),
  };
  const [rows, total] = await Promise.all([
    wh.prisma.metricRun.findMany({ where, select: SUMMARY, orderBy: [{ startedAt: "desc" }, { id: "desc" }], skip: (q.page - 1) * q.pageSize, take: q.pageSize }),
    wh.prisma.metricRun.count({ where }),
  ]);
  return { runs: rows.map(toSummary), total, page: q.page, pageSize: q.pageSize };
}

/** One run with its SQL, error and input counts. */
export async function getRunOrThrow(wh: Warehouse, id: string): Promise<RunDetail> {
  const run = await wh.prisma.metricRun.findUnique({ where: { id } });
  if (!run) throw new NotFoundError(`There is no run with id "${id}".`, "id");
  const [storedPoints, checks] = await Promise.all([wh.prisma.metricValue.count({ where: { runId: id } }), listRunQualityChecks(wh.sql, [id])]);
  return { ...toSummary(run), inputRowCounts: inputCounts(run.inputRowCounts), sql: run.sql, error: run.error, storedPoints, checks };
}
