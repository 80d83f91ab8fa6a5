// GET /api/users: every account with its role, groups and last sign-in; POST: create one (201, a generated password answered once).
import { authorizeRequest } from "@/lib/auth/authorize";
import { createManagedUser } from "@/lib/auth/queries/create-managed-user";
import { listUsers } from "@/lib/auth/queries/list-users";
import { createUserBodySchema } from "@/lib/auth/user-schema";
import { getWarehouse } from "@/lib/db";
import { readJsonBody } from "@/lib/http/read-json-body";
import { errorResponse, jsonResponse, respond } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

export function GET(request: Request): Promise<Response> {
  return respond(async () => {
    await authorizeRequest(request, "manage_users");
    return { users: await listUsers((await getWarehouse()).sql) };
  });
}

export async function POST(request: Request): Promise<Response> {
  try {
    const viewer = await authorizeRequest(request, "manage_users");
    const body = createUserBodySchema.parse(await readJsonBody(request));
    return jsonResponse(await createManagedUser((await getWarehouse()).sql, body, viewer), 201);
  } catch (error) {
    return errorResponse(error);
  }
}
