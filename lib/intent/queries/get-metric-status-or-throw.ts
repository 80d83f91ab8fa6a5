import "server-only";
import type { Warehouse } from "@/lib/db";
import { NotFoundError } from "@/lib/http/errors";
import type { MetricStatusSummary } from "../status-summary";
import { listMetricStatuses } from "./list-metric-statuses";

/** One metric's status and labelled deltas at its headline grain; NotFoundError for an unknown key. */
export async function getMetricStatusOrThrow(wh: Warehouse, key: string): Promise<MetricStatusSummary> {
  const [summary] = await listMetricStatuses(wh, [key]);
  if (!summary) throw new NotFoundError(`There is no metric with key "${key}".`, "key");
  return summary;
}
