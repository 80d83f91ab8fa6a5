// GET /api/openapi.json: the OpenAPI 3.1 document of this API, generated from its Zod schemas.
import { respond } from "@/lib/http/respond";
import { buildOpenApiDocument } from "@/lib/http/openapi";

export const dynamic = "force-dynamic";

export function GET(): Promise<Response> {
  return respond(async () => buildOpenApiDocument());
}
