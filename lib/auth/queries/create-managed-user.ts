import "server-only";
import { generateRandomString } from "better-auth/crypto";
import type { SqlClient } from "@/lib/db";
import { createUser } from "../users";
import type { CreatedUser, CreateUserBody } from "../user-schema";
import { getUserOrThrow, type UserAdminActor } from "./user-rows";

// 20 characters of 62: about 119 bits.
const GENERATED_PASSWORD_LENGTH = 20;

/**
 * Creates an account (audited "user.create"). Without a password in the body
 * one is generated and answered once as `generatedPassword`: only its hash is
 * stored. 409 when the email is taken.
 */
export async function createManagedUser(
  sql: SqlClient,
  body: CreateUserBody,
  actor: UserAdminActor,
): Promise<CreatedUser> {
  const generatedPassword = body.password
    ? null
    : generateRandomString(GENERATED_PASSWORD_LENGTH, "a-z", "A-Z", "0-9");
  const id = await createUser(
    sql,
    {
      email: body.email,
      name: body.name ?? body.email.split("@")[0] ?? body.email,
      role: body.role,
      groups: body.groups,
      password: body.password ?? generatedPassword ?? "",
    },
    actor.email,
  );
  return { user: await getUserOrThrow(sql, id), generatedPassword };
}
