// GET /api/annotations?metric=&from=&to=: events and definition changes; POST: create an event (201).
import { authorizeRequest } from "@/lib/auth/authorize";
import { assertMetricKeysExist } from "@/lib/annotations/queries/assert-metric-keys-exist";
import { createAnnotation } from "@/lib/annotations/queries/create-annotation";
import { listAnnotations } from "@/lib/annotations/queries/list-annotations";
import { BadRequestError } from "@/lib/http/errors";
import { readMetricVisibility } from "@/lib/metrics/queries/metric-visibility";
import {
  createAnnotationBodySchema,
  listAnnotationsQuerySchema,
} from "@/lib/annotations/annotation-schema";
import { getWarehouse } from "@/lib/db";
import { readJsonBody } from "@/lib/http/read-json-body";
import { errorResponse, jsonResponse, respond } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

export function GET(request: Request): Promise<Response> {
  return respond(async () => {
    const viewer = await authorizeRequest(request, "view");
    const query = listAnnotationsQuerySchema.parse(
      Object.fromEntries(new URL(request.url).searchParams),
    );
    const wh = await getWarehouse();
    if (query.metric) await assertMetricKeysExist(wh.sql, [query.metric], () => "metric");
    const visible = await readMetricVisibility(wh, viewer);
    // Answered like an unknown key, so the key of a hidden metric is not confirmed.
    if (query.metric && !visible(query.metric)) throw new BadRequestError("metric", `metric: there is no metric with key "${query.metric}".`);
    return { annotations: await listAnnotations(wh.sql, visible, query) };
  });
}

export async function POST(request: Request): Promise<Response> {
  try {
    const viewer = await authorizeRequest(request, "annotate");
    const body = createAnnotationBodySchema.parse(await readJsonBody(request));
    return jsonResponse(await createAnnotation((await getWarehouse()).sql, body, viewer.email), 201);
  } catch (error) {
    return errorResponse(error);
  }
}
