import "server-only";
import type { Warehouse } from "@/lib/db";
import { getMetricLineageOrThrow } from "@/lib/lineage/queries/get-metric-lineage-or-throw";
import type { OpenLineageRunEvent } from "../run-event";
import { listRunOpenLineageEvents } from "./get-run-openlineage-event-or-throw";

/** RunEvents of the latest run of the metric and of every metric upstream of it, upstream first. */
export async function listMetricOpenLineageEvents(wh: Warehouse, key: string): Promise<OpenLineageRunEvent[]> {
  const lineage = await getMetricLineageOrThrow(wh, key);
  const runIds = lineage.nodes.filter((n) => n.kind === "job" && n.side !== "downstream" && n.runId !== null).map((n) => n.runId!);
  const events = await listRunOpenLineageEvents(wh, [...new Set(runIds)]);
  return events.sort((a, b) => a.eventTime.localeCompare(b.eventTime));
}
