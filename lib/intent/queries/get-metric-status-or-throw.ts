import "server-only";
import type { Viewer } from "@/lib/auth/viewer-schema";
import type { Warehouse } from "@/lib/db";
import { assertMetricVisibleOrThrow } from "@/lib/metrics/queries/metric-visibility";
import { NotFoundError } from "@/lib/http/errors";
import type { MetricStatusSummary } from "../status-summary";
import { listMetricStatuses } from "./list-metric-statuses";

/** One metric's status and labelled deltas at its headline grain; NotFoundError for an unknown key. */
export async function getMetricStatusOrThrow(wh: Warehouse, viewer: Viewer, key: string): Promise<MetricStatusSummary> {
  await assertMetricVisibleOrThrow(wh, viewer, key);
  const [summary] = await listMetricStatuses(wh, [key]);
  if (!summary) throw new NotFoundError(`There is no metric with key "${key}".`, "key");
  return summary;
}
