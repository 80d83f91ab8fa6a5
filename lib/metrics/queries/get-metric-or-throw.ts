import "server-only";
import type { Viewer } from "@/lib/auth/viewer-schema";
import type { Warehouse } from "@/lib/db";
import type { MetricDetail } from "../api-schema";
import { describeFormula } from "../formula";
import { readCurrentDefinitions, readDataThrough, readLastRuns, toCatalogEntry } from "./metric-records";
import { assertMetricVisibleOrThrow } from "./metric-visibility";

/** One metric: its catalog entry, the definition as written and the SQL of its latest successful run. */
export async function getMetricOrThrow(wh: Warehouse, viewer: Viewer, key: string): Promise<MetricDetail> {
  const definitions = await readCurrentDefinitions(wh);
  await assertMetricVisibleOrThrow(wh, viewer, key, definitions);
  const current = definitions.get(key)!;
  const [dataThrough, lastRuns, latestSucceeded] = await Promise.all([
    readDataThrough(wh, key),
    readLastRuns(wh, key),
    wh.prisma.metricRun.findFirst({
      where: { metricKey: key, status: "succeeded" },
      orderBy: [{ startedAt: "desc" }, { id: "desc" }],
      select: { sql: true },
    }),
  ]);
  return {
    ...toCatalogEntry(current, dataThrough.get(key), lastRuns.get(key)),
    definition: current.version.definition,
    source: current.version.source,
    filePath: current.version.filePath,
    loadedAt: current.version.loadedAt.toISOString(),
    formula: describeFormula(current.definition),
    sql: latestSucceeded?.sql ?? null,
  };
}
