import "server-only";
import { metricVisibleTo } from "@/lib/auth/metric-access";
import type { Viewer } from "@/lib/auth/viewer-schema";
import type { Warehouse } from "@/lib/db";
import { NotFoundError } from "@/lib/http/errors";
import { composedInputs } from "../lint-issue";
import { readCurrentDefinitions, type CurrentDefinition } from "./metric-records";

// Row access for metrics: a metric the viewer may not see answers exactly like
// one that does not exist, so its key, name and values never show.

export const noMetricError = (key: string) => new NotFoundError(`There is no metric with key "${key}".`, "key");

/** `key`'s definition and its inputs', transitively: what deciding its visibility needs, without parsing every metric. */
async function readWithInputs(wh: Warehouse, key: string): Promise<Map<string, CurrentDefinition>> {
  const found = new Map<string, CurrentDefinition>();
  let wanted = [key];
  while (wanted.length > 0) {
    const read = await readCurrentDefinitions(wh, wanted);
    for (const [k, v] of read) found.set(k, v);
    wanted = [...new Set([...read.values()].flatMap((c) => composedInputs(c.definition).map((i) => i.key)))].filter((k) => !found.has(k));
  }
  return found;
}

/**
 * `key`'s definition and its inputs' when the viewer may see it, else the
 * NotFoundError of an unknown key: one read serves both the check and the caller.
 */
export async function readVisibleDefinitionsOrThrow(wh: Warehouse, viewer: Viewer, key: string): Promise<Map<string, CurrentDefinition>> {
  const defs = await readWithInputs(wh, key);
  await assertMetricVisibleOrThrow(wh, viewer, key, defs);
  return defs;
}

/** NotFoundError, worded like an unknown key, when the viewer may not see `key` (or it does not exist). */
export async function assertMetricVisibleOrThrow(wh: Warehouse, viewer: Viewer, key: string, definitions?: ReadonlyMap<string, CurrentDefinition>): Promise<void> {
  const defs = definitions ?? (await readWithInputs(wh, key));
  if (!defs.has(key) || !metricVisibleTo(viewer, key, defs)) throw noMetricError(key);
}

/** A predicate over metric keys: true for those the viewer may see. Unknown keys (deleted metrics) are visible only to admins. */
export async function readMetricVisibility(wh: Warehouse, viewer: Viewer, definitions?: ReadonlyMap<string, CurrentDefinition>): Promise<(key: string) => boolean> {
  const defs = definitions ?? (await readCurrentDefinitions(wh));
  const visible = new Set([...defs.keys()].filter((k) => metricVisibleTo(viewer, k, defs)));
  return (key) => visible.has(key) || (viewer.role === "admin" && !defs.has(key));
}
