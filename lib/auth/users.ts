import "server-only";
import fs from "node:fs";
import path from "node:path";
import { generateId } from "better-auth";
import { generateRandomString, hashPassword } from "better-auth/crypto";
import { appendAuditEntries } from "@/lib/audit/append-audit-entry";
import type { SqlClient } from "@/lib/db";
import { sqlstatesOf } from "@/lib/db/error-chain";
import { ConflictError } from "@/lib/http/conflict-error";
import { dataDir, isProductionDeployment } from "@/lib/env";
import type { Role } from "./roles";

export interface NewUser {
  email: string;
  name: string;
  role: Role;
  groups: string[];
  password: string;
}

/**
 * Creates an account that signs in with email and password, the way Better
 * Auth's own sign-up stores it (a user row and a "credential" account row
 * holding the library's password hash), audited in the same transaction.
 * A taken email is a ConflictError (409).
 */
export async function createUser(sql: SqlClient, user: NewUser, actor: string): Promise<string> {
  const id = generateId();
  const email = user.email.trim().toLowerCase();
  const hash = await hashPassword(user.password);
  const taken = () => new ConflictError(`There is already a user with the email ${email}.`);
  const [existing] = await sql.query(`SELECT 1 AS taken FROM auth_user WHERE email = $1`, [email]);
  if (existing) throw taken();
  try {
    await sql.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO auth_user (id, name, email, email_verified, role, groups, created_at, updated_at) VALUES ($1, $2, $3, true, $4, ARRAY(SELECT jsonb_array_elements_text($5::jsonb)), now(), now())`,
        [id, user.name, email, user.role, JSON.stringify(user.groups)],
      );
      await tx.query(
        `INSERT INTO auth_account (id, account_id, provider_id, user_id, password, created_at, updated_at) VALUES ($1, $2, 'credential', $2, $3, now(), now())`,
        [generateId(), id, hash],
      );
      await appendAuditEntries(tx, [
        {
          actor,
          action: "user.create",
          entityType: "user",
          entityId: email,
          detail: { role: user.role, groups: user.groups },
        },
      ]);
    });
  } catch (error) {
    // Created by another request since the check above: the unique index on email.
    if (sqlstatesOf(error).includes("23505")) throw taken();
    throw error;
  }
  return id;
}

export const DEMO_ACCOUNTS_FILE = "demo-accounts.json";

const DEMO_USERS: ReadonlyArray<Omit<NewUser, "password">> = [
  { email: "viewer@triad.local", name: "Demo viewer", role: "viewer", groups: [] },
  { email: "analyst@triad.local", name: "Demo analyst", role: "analyst", groups: [] },
  { email: "auditor@triad.local", name: "Demo auditor", role: "auditor", groups: ["finance"] },
  { email: "admin@triad.local", name: "Demo admin", role: "admin", groups: [] },
];

export type DemoAccount = Pick<NewUser, "email" | "role" | "password">;

/**
 * On the first start of a non-production warehouse with no accounts: one demo
 * account per role with a random password, written (owner-only) to
 * TRIAD_DATA_DIR/demo-accounts.json so they can be found again. Null when
 * accounts exist or in production, where an admin makes them.
 */
export async function ensureDemoAccounts(
  sql: SqlClient,
): Promise<{ accounts: DemoAccount[]; file: string } | null> {
  if (isProductionDeployment()) return null;
  const [{ n } = { n: 0 }] = await sql.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM auth_user`,
  );
  if (n > 0) return null;
  const accounts: DemoAccount[] = [];
  for (const u of DEMO_USERS) {
    const password = generateRandomString(20, "a-z", "A-Z", "0-9");
    await createUser(sql, { ...u, password }, "triad bootstrap");
    accounts.push({ email: u.email, role: u.role, password });
  }
  const file = path.join(dataDir(), DEMO_ACCOUNTS_FILE);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(accounts, null, 2)}\n`, { mode: 0o600 });
  return { accounts, file };
}
