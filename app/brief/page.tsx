import { authorizePage } from "@/lib/auth/authorize";
import type { Metadata } from "next";
import Link from "next/link";
import { BriefMetricCard } from "@/components/brief/brief-metric-card";
import { Callout } from "@/components/ui/callout";
import { getExecutiveBrief } from "@/lib/brief/queries/get-executive-brief";
import { getWarehouse } from "@/lib/db";
import { STATUS_PRESENTATION } from "@/lib/intent/status";
import { formatPeriod } from "@/lib/metrics/format";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Executive brief" };

export default async function BriefPage() {
  const viewer = await authorizePage("view");
  const brief = await getExecutiveBrief(await getWarehouse(), viewer);
  const counts = new Map<string, number>();
  for (const m of brief.metrics) counts.set(m.status, (counts.get(m.status) ?? 0) + 1);
  const tally = [...counts].map(([status, n]) => `${n} ${STATUS_PRESENTATION[status as keyof typeof STATUS_PRESENTATION].label.toLowerCase()}`).join(", ");
  return (
    <div className="mx-auto max-w-4xl space-y-6">
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold tracking-tight">Executive brief</h1>
        <p className="text-sm text-muted">
          Each headline metric in plain sentences: its latest complete period, the change and whether it is good, its status against target, unusual
          days and what drove the change. Every sentence links to the chart that proves it.
          {brief.asOf ? (
            <>
              {" "}
              Data as of <time dateTime={brief.asOf}>{formatPeriod(brief.asOf, "day")}</time>.
            </>
          ) : null}
        </p>
        {brief.metrics.length ? <p className="text-sm font-medium text-fg">{`${brief.metrics.length} headline metrics: ${tally}; off track first.`}</p> : null}
      </div>
      {brief.metrics.length === 0 ? (
        <Callout title="No headline metrics yet">
          <p>
            Mark metrics with <code className="font-mono">headline: true</code> in their files under <code className="font-mono">metrics/</code>, compute them,
            and they appear here. Meanwhile, see <Link href="/metrics" className="font-medium text-accent underline">all metrics</Link>.
          </p>
        </Callout>
      ) : (
        brief.metrics.map((metric) => <BriefMetricCard key={metric.key} metric={metric} />)
      )}
    </div>
  );
}
