// /api/auth/*: Better Auth's endpoints (sign-in/email, sign-out, get-session);
// public sign-up is disabled, accounts are made by an admin.
import { getAuth } from "@/lib/auth/get-auth";
import { errorResponse } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

async function handle(request: Request): Promise<Response> {
  try {
    return await (await getAuth()).handler(request);
  } catch (error) {
    return errorResponse(error);
  }
}

export { handle as GET, handle as POST };
