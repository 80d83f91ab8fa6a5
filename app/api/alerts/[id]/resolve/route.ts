// POST /api/alerts/{id}/resolve, body { note? } optional (the actor is the signed-in viewer): 404 for an unknown alert, 409 when its status forbids it.
import { authorizeRequest } from "@/lib/auth/authorize";
import { alertRouteParamsSchema, alertTransitionBodySchema } from "@/lib/alerts/alert-schema";
import { transitionAlertOrThrow } from "@/lib/alerts/queries/transition-alert-or-throw";
import { getWarehouse } from "@/lib/db";
import { readOptionalJsonBody } from "@/lib/http/read-optional-json-body";
import { respond } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

export function POST(request: Request, { params }: Context): Promise<Response> {
  return respond(async () => {
    const viewer = await authorizeRequest(request, "annotate");
    const { id } = alertRouteParamsSchema.parse(await params);
    const body = alertTransitionBodySchema.parse(await readOptionalJsonBody(request));
    return transitionAlertOrThrow(await getWarehouse(), id, "resolve", body, viewer.email);
  });
}
