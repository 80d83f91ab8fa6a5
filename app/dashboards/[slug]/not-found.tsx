import Link from "next/link";
import { Callout } from "@/components/ui/callout";

export default function DashboardNotFound() {
  return (
    <div className="mx-auto max-w-2xl space-y-6 py-10">
      <h1 className="text-2xl font-semibold tracking-tight">Dashboard not found</h1>
      <Callout tone="warning" title="There is no dashboard at this link">
        <p>
          It may have been deleted, or the link was mistyped.{" "}
          <Link href="/dashboards" className="text-accent font-medium hover:underline">
            See every dashboard
          </Link>
          .
        </p>
      </Callout>
    </div>
  );
}
