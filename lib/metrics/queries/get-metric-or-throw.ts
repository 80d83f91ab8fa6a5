import "server-only";
import type { Warehouse } from "@/lib/db";
import { NotFoundError } from "@/lib/http/errors";
import type { MetricDetail } from "../api-schema";
import { describeFormula } from "../formula";
import { readCurrentDefinitions, readDataThrough, readLastRuns, toCatalogEntry } from "./metric-records";

/** One metric: its catalog entry, the definition as written and the SQL of its latest successful run. */
export async function getMetricOrThrow(wh: Warehouse, key: string): Promise<MetricDetail> {
  const definitions = await readCurrentDefinitions(wh);
  const current = definitions.get(key);
  if (!current) throw new NotFoundError(`There is no metric with key "${key}".`, "key");
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
