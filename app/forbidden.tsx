import Link from "next/link";
import { currentViewer } from "@/lib/auth/authorize";
import { ROLE_DESCRIPTIONS } from "@/lib/auth/roles";

// Rendered by forbidden() when a signed-in role may not open a page (the denial is in the audit log).
export default async function Forbidden() {
  const viewer = await currentViewer().catch(() => null);
  return (
    <div className="mx-auto max-w-xl space-y-4 py-16 text-center">
      <p className="text-sm font-semibold text-accent">403</p>
      <h1 className="text-2xl font-semibold tracking-tight">Your role cannot open this page</h1>
      {viewer ? (
        <p className="text-muted">
          You are signed in as {viewer.email}, a <strong className="text-fg">{viewer.role}</strong>: {ROLE_DESCRIPTIONS[viewer.role]}. Ask an admin for a role that
          includes this page.
        </p>
      ) : null}
      <p className="flex justify-center gap-4 text-sm font-medium">
        <Link href="/" className="text-accent hover:underline">
          Go to the overview
        </Link>
      </p>
    </div>
  );
}
