import { SignOutButton } from "@/components/auth/sign-out-button";
import type { Role } from "@/lib/auth/roles";

/** Who is signed in and as what, and the way out. */
export function UserMenu({ name, email, role }: { name: string; email: string; role: Role }) {
  return (
    <div className="flex items-center gap-2 text-sm">
      <span className="hidden text-right leading-tight md:block">
        <span className="block text-fg" title={email}>{name}</span>
        <span className="block text-xs text-muted">
          <span className="sr-only">Role: </span>
          {role}
        </span>
      </span>
      <SignOutButton />
    </div>
  );
}
