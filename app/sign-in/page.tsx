import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { Card } from "@/components/ui/card";
import { currentViewer } from "@/lib/auth/authorize";
import { safeNextPath } from "@/lib/auth/request-path";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign in" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function SignInPage({ searchParams }: { searchParams: SearchParams }) {
  const raw = (await searchParams).next;
  const next = safeNextPath(typeof raw === "string" ? raw : undefined);
  if (await currentViewer()) redirect(next);
  return (
    <div className="mx-auto max-w-sm space-y-6 py-10">
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold tracking-tight">Sign in to Triad</h1>
        <p className="text-sm text-muted">Your metrics, their lineage and their source rows are shown to signed-in people only, by role.</p>
      </div>
      <Card className="p-6">
        <SignInForm next={next} />
      </Card>
      <p className="text-sm text-muted">
        No account? An admin creates them. On a fresh embedded install, the demo accounts were printed by the first start and kept in{" "}
        <code className="font-mono">.data/demo-accounts.json</code>.
      </p>
    </div>
  );
}
