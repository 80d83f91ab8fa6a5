// PATCH (role and/or groups, audited with before and after) and DELETE (the account and its sessions) /api/users/{id}.
import { authorizeRequest } from "@/lib/auth/authorize";
import { deleteUserOrThrow } from "@/lib/auth/queries/delete-user-or-throw";
import { updateUserOrThrow } from "@/lib/auth/queries/update-user-or-throw";
import { updateUserBodySchema, userRouteParamsSchema } from "@/lib/auth/user-schema";
import { getWarehouse } from "@/lib/db";
import { readJsonBody } from "@/lib/http/read-json-body";
import { errorResponse, respond } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

export function PATCH(request: Request, { params }: Context): Promise<Response> {
  return respond(async () => {
    const viewer = await authorizeRequest(request, "manage_users");
    const { id } = userRouteParamsSchema.parse(await params);
    const body = updateUserBodySchema.parse(await readJsonBody(request));
    return updateUserOrThrow((await getWarehouse()).sql, id, body, viewer);
  });
}

export async function DELETE(request: Request, { params }: Context): Promise<Response> {
  try {
    const viewer = await authorizeRequest(request, "manage_users");
    const { id } = userRouteParamsSchema.parse(await params);
    await deleteUserOrThrow((await getWarehouse()).sql, id, viewer);
    return new Response(null, { status: 204, headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}
