import "server-only";
import type { Viewer } from "@/lib/auth/viewer-schema";
import type { Warehouse } from "@/lib/db";
import { getMetricLineageOrThrow, readLineageAccess } from "@/lib/lineage/queries/get-metric-lineage-or-throw";
import type { OpenLineageRunEvent } from "../run-event";
import { listRunOpenLineageEvents } from "./get-run-openlineage-event-or-throw";

/** RunEvents of the latest run of the metric and of every metric upstream of it that the viewer may see, upstream first. */
export async function listMetricOpenLineageEvents(wh: Warehouse, viewer: Viewer, key: string): Promise<OpenLineageRunEvent[]> {
  const lineage = await getMetricLineageOrThrow(wh, viewer, key);
  const runIds = lineage.nodes.filter((n) => n.kind === "job" && n.side !== "downstream" && n.runId !== null).map((n) => n.runId!);
  const events = await listRunOpenLineageEvents(wh, [...new Set(runIds)], await readLineageAccess(wh, viewer));
  return events.sort((a, b) => a.eventTime.localeCompare(b.eventTime));
}
