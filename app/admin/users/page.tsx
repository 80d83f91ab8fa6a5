import type { Metadata } from "next";
import { CreateUserForm } from "@/components/admin/create-user-form";
import { UserRow } from "@/components/admin/user-row";
import { Card } from "@/components/ui/card";
import { authorizePage } from "@/lib/auth/authorize";
import { listUsers } from "@/lib/auth/queries/list-users";
import { ROLE_DESCRIPTIONS, roleSchema } from "@/lib/auth/roles";
import { getWarehouse } from "@/lib/db";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const viewer = await authorizePage("manage_users");
  const users = await listUsers((await getWarehouse()).sql);

  return (
    <div className="space-y-6">
      <header>
        <h1 className="text-2xl font-semibold tracking-tight">Users</h1>
        <p className="text-muted mt-1 max-w-3xl text-sm">
          Who may sign in, with which role, and which groups open restricted metrics and tables. A
          role change applies to the user&apos;s open sessions from their next page; creating,
          changing and deleting users is recorded in the audit log.
        </p>
      </header>

      <Card as="section" aria-label="New user" className="p-5">
        <CreateUserForm />
      </Card>

      <section aria-labelledby="users-heading" className="space-y-3">
        <h2 id="users-heading" className="font-semibold">
          Every user{" "}
          <span className="text-muted font-normal">({users.length.toLocaleString("en-US")})</span>
        </h2>
        <Card className="relative overflow-x-auto">
          <table className="w-full min-w-[60rem] text-sm">
            <caption className="sr-only">
              Users by email, with their role, groups, creation and last sign-in
            </caption>
            <thead className="text-muted text-left">
              <tr>
                {["Email", "Name", "Role", "Groups", "Created", "Last sign-in", "Actions"].map(
                  (h) => (
                    <th key={h} scope="col" className="px-3 py-2 font-medium whitespace-nowrap">
                      {h}
                    </th>
                  ),
                )}
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <UserRow key={u.id} user={u} isSelf={u.id === viewer.userId} />
              ))}
            </tbody>
          </table>
        </Card>
        <dl className="text-muted grid gap-x-4 gap-y-1 text-xs sm:grid-cols-[auto_1fr]">
          {roleSchema.options.map((r) => (
            <div key={r} className="contents">
              <dt className="text-fg font-medium">{r}</dt>
              <dd>{ROLE_DESCRIPTIONS[r]}</dd>
            </div>
          ))}
        </dl>
      </section>
    </div>
  );
}
