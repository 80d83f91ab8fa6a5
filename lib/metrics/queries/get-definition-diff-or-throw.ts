import "server-only";
import type { Viewer } from "@/lib/auth/viewer-schema";
import type { Warehouse } from "@/lib/db";
import { NotFoundError } from "@/lib/http/errors";
import { diffDefinitionSources } from "../definition-diff";
import type { DefinitionDiff, VersionDiffQuery } from "../definition-version-schema";
import { toIso } from "./metric-records";
import { assertMetricVisibleOrThrow } from "./metric-visibility";

/** A unified line diff between two stored versions of one metric's file, as written. */
export async function getDefinitionDiffOrThrow(
  wh: Warehouse,
  viewer: Viewer,
  key: string,
  q: VersionDiffQuery,
): Promise<DefinitionDiff> {
  await assertMetricVisibleOrThrow(wh, viewer, key);
  const [metric] = await wh.sql.query<{ key: string }>(
    `SELECT key FROM metric_definition WHERE key = $1`,
    [key],
  );
  if (!metric) throw new NotFoundError(`There is no metric with key "${key}".`, "key");
  const rows = await wh.sql.query<{
    id: string;
    source: string;
    loaded_at: unknown;
    file_path: string;
  }>(
    `SELECT id, source, loaded_at, file_path FROM metric_definition_version WHERE metric_key = $1 AND id IN ($2, $3)`,
    [key, q.from, q.to],
  );
  const find = (parameter: "from" | "to") => {
    const row = rows.find((r) => r.id === q[parameter]);
    if (!row)
      throw new NotFoundError(
        `Metric "${key}" has no definition version "${q[parameter]}".`,
        parameter,
      );
    return row;
  };
  const from = find("from");
  const to = find("to");
  const diff = diffDefinitionSources(
    { name: from.id, source: from.source },
    { name: to.id, source: to.source },
  );
  return {
    metricKey: key,
    from: { id: from.id, loadedAt: toIso(from.loaded_at), filePath: from.file_path },
    to: { id: to.id, loadedAt: toIso(to.loaded_at), filePath: to.file_path },
    ...diff,
  };
}
