import "server-only";
import { stringify } from "csv-stringify/sync";
import type { Viewer } from "@/lib/auth/viewer-schema";
import type { Warehouse } from "@/lib/db";
import type { PointRowsQuery } from "./drill-schema";
import { streamPointRowsOrThrow } from "./get-point-rows";

/** The source rows behind a point as a streamed CSV download. Errors before the first byte throw. */
export async function pointRowsCsvResponse(wh: Warehouse, viewer: Viewer, key: string, q: PointRowsQuery): Promise<Response> {
  const { columns, batches } = await streamPointRowsOrThrow(wh, viewer, key, q);
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(stringify([columns])));
    },
    async pull(controller) {
      const next = await batches.next();
      if (next.done) controller.close();
      else if (next.value.length > 0) controller.enqueue(encoder.encode(stringify(next.value)));
    },
    async cancel() {
      await batches.return(undefined);
    },
  });
  const slice = q.dimension ? `_${q.dimension}-${q.value ?? ""}` : "";
  const name = `${key}_${q.grain}_${q.period}${slice}`.replace(/[^A-Za-z0-9_.-]/g, "_");
  return new Response(stream, {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="${name}_rows.csv"`, "Cache-Control": "no-store" },
  });
}
