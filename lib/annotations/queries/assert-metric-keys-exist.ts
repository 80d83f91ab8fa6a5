import "server-only";
import type { SqlExecutor } from "@/lib/db";
import { BadRequestError } from "@/lib/http/errors";
import { keysParam } from "./annotation-records";

/** Throws a 400 naming the first key that is not a defined metric, as `parameter(i)` (`metricKeys.2`). */
export async function assertMetricKeysExist(
  sql: SqlExecutor,
  keys: readonly string[] | null,
  parameter: (i: number) => string = (i) => `metricKeys.${i}`,
): Promise<void> {
  if (!keys?.length) return;
  const rows = await sql.query<{ key: string }>(
    `SELECT key FROM metric_definition WHERE key = ANY($1::text[])`,
    [keysParam(keys)],
  );
  const known = new Set(rows.map((r) => r.key));
  const i = keys.findIndex((k) => !known.has(k));
  if (i >= 0)
    throw new BadRequestError(
      parameter(i),
      `${parameter(i)}: there is no metric with key "${keys[i]}".`,
    );
}
