import "server-only";
import type { Viewer } from "@/lib/auth/viewer-schema";
import type { Warehouse } from "@/lib/db";
import type { CatalogEntry } from "../api-schema";
import { readCurrentDefinitions, readDataThrough, readLastRuns, toCatalogEntry, type MetricReads } from "./metric-records";
import { readMetricVisibility } from "./metric-visibility";

/**
 * Every metric the viewer may see, with its freshness and last run: headline
 * metrics first, then by name. `reads` passes definitions and freshness a caller already has.
 */
export async function listMetricCatalog(wh: Warehouse, viewer: Viewer, reads: MetricReads = {}): Promise<CatalogEntry[]> {
  const [definitions, dataThrough, lastRuns] = await Promise.all([reads.definitions ?? readCurrentDefinitions(wh), reads.dataThrough ?? readDataThrough(wh), readLastRuns(wh)]);
  const visible = await readMetricVisibility(wh, viewer, definitions);
  return [...definitions.values()]
    .filter((current) => visible(current.key))
    .map((current) => toCatalogEntry(current, dataThrough.get(current.key), lastRuns.get(current.key)))
    .sort((a, b) => Number(b.headline) - Number(a.headline) || a.name.localeCompare(b.name, "en") || a.key.localeCompare(b.key, "en"));
}
