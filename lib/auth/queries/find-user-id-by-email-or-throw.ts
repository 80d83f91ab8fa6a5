import "server-only";
import type { SqlExecutor } from "@/lib/db";
import { NotFoundError } from "@/lib/http/errors";

export async function findUserIdByEmailOrThrow(sql: SqlExecutor, email: string): Promise<string> {
  const [row] = await sql.query<{ id: string }>(`SELECT id FROM auth_user WHERE email = $1`, [
    email.trim().toLowerCase(),
  ]);
  if (!row) throw new NotFoundError(`No user has the email ${email}.`, "email");
  return row.id;
}
