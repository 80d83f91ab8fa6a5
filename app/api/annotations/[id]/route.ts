// GET, PATCH (change some fields) and DELETE /api/annotations/{id}; changes are written to the audit log.
import { authorizeRequest } from "@/lib/auth/authorize";
import {
  annotationRouteParamsSchema,
  updateAnnotationBodySchema,
} from "@/lib/annotations/annotation-schema";
import { deleteAnnotationOrThrow } from "@/lib/annotations/queries/delete-annotation-or-throw";
import { getAnnotationOrThrow } from "@/lib/annotations/queries/get-annotation-or-throw";
import { updateAnnotationOrThrow } from "@/lib/annotations/queries/update-annotation-or-throw";
import { getWarehouse } from "@/lib/db";
import { readJsonBody } from "@/lib/http/read-json-body";
import { errorResponse, respond } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

export function GET(request: Request, { params }: Context): Promise<Response> {
  return respond(async () => {
    await authorizeRequest(request, "view");
    const { id } = annotationRouteParamsSchema.parse(await params);
    return getAnnotationOrThrow((await getWarehouse()).sql, id);
  });
}

export function PATCH(request: Request, { params }: Context): Promise<Response> {
  return respond(async () => {
    const viewer = await authorizeRequest(request, "annotate");
    const { id } = annotationRouteParamsSchema.parse(await params);
    const body = updateAnnotationBodySchema.parse(await readJsonBody(request));
    return updateAnnotationOrThrow((await getWarehouse()).sql, id, body, viewer.email);
  });
}

export async function DELETE(request: Request, { params }: Context): Promise<Response> {
  try {
    const viewer = await authorizeRequest(request, "annotate");
    const { id } = annotationRouteParamsSchema.parse(await params);
    await deleteAnnotationOrThrow((await getWarehouse()).sql, id, viewer.email);
    return new Response(null, { status: 204, headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}
