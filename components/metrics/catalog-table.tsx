import Link from "next/link";
import { StatusBadge } from "@/components/intent/status-badge";
import type { MetricStatus } from "@/lib/intent/status";
import type { CatalogEntry } from "@/lib/metrics/api-schema";
import { formatKind, formatPeriod, formatUnit } from "@/lib/metrics/format";
import { RunStatus } from "./run-status";

/** An owner address, allowed to wrap before its "@" rather than mid-word. */
function Owner({ owner }: { owner: string }) {
  const at = owner.indexOf("@");
  if (at <= 0) return <>{owner}</>;
  return (
    <>
      <span className="whitespace-nowrap">{owner.slice(0, at)}</span>
      <wbr />
      <span className="whitespace-nowrap">{owner.slice(at)}</span>
    </>
  );
}

function StatusCell({ status }: { status: MetricStatus | undefined }) {
  if (!status) return <span className="text-muted">—</span>;
  return <StatusBadge status={status.status} label={status.label} sentence={status.sentence} announceSentence />;
}

export interface CatalogTableProps {
  metrics: readonly CatalogEntry[];
  caption: string;
  /** Why each metric matched a search, by key: "also called “gmv”". */
  reasons?: Readonly<Record<string, string>>;
  /** The address that searches for a tag; tags are plain text without it. */
  tagHref?: (tag: string) => string;
  /** Each metric's status in its latest complete period, by key; no column without it. */
  statuses?: Readonly<Record<string, MetricStatus>>;
}

/** The metric catalog: one row per metric, its name linking to the metric's page, its tags to a search for them. */
export function CatalogTable({ metrics, caption, reasons = {}, tagHref, statuses }: CatalogTableProps) {
  return (
    <div className="overflow-x-auto rounded-xl border border-line bg-surface shadow-[0_1px_2px_rgba(16,24,40,0.04)]">
      <table className="w-full min-w-[60rem] text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="border-b border-line bg-raised text-left text-xs text-muted uppercase">
          <tr>
            <th scope="col" className="w-[34%] px-4 py-2.5 font-medium">Metric</th>
            {statuses ? <th scope="col" className="px-4 py-2.5 font-medium">Status</th> : null}
            <th scope="col" className="px-4 py-2.5 font-medium">Kind and unit</th>
            <th scope="col" className="px-4 py-2.5 font-medium">Owner</th>
            <th scope="col" className="px-4 py-2.5 font-medium">Tags</th>
            <th scope="col" className="px-4 py-2.5 font-medium">Freshness</th>
            <th scope="col" className="px-4 py-2.5 font-medium">Last run</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-line">
          {metrics.map((m) => (
            <tr key={m.key} className="align-top hover:bg-raised/50">
              <th scope="row" className="px-4 py-3 text-left font-normal">
                <Link href={`/metrics/${m.key}`} className="font-semibold text-accent hover:underline">
                  {m.name}
                </Link>
                {m.headline ? (
                  <span className="ml-2 rounded bg-accent-soft px-1.5 py-0.5 text-[11px] font-medium text-accent">Headline</span>
                ) : null}
                <p className="mt-0.5 text-muted">{m.description}</p>
                <p className="mt-1 flex flex-wrap gap-x-3 text-xs text-muted">
                  <span className="font-mono">{m.key}</span>
                  {reasons[m.key] ? <span>Matched: {reasons[m.key]}</span> : null}
                </p>
              </th>
              {statuses ? (
                <td className="px-4 py-3">
                  <StatusCell status={statuses[m.key]} />
                </td>
              ) : null}
              <td className="px-4 py-3 whitespace-nowrap">
                {formatKind(m.kind)}
                <span className="block text-muted">{formatUnit(m)}</span>
              </td>
              <td className="px-4 py-3 text-muted">
                <Owner owner={m.owner} />
              </td>
              <td className="px-4 py-3">
                {m.tags.length ? (
                  <ul className="flex flex-wrap gap-1" aria-label="Tags">
                    {m.tags.map((tag) => (
                      <li key={tag}>
                        {tagHref ? (
                          <Link
                            href={tagHref(tag)}
                            className="flex min-h-6 items-center rounded-full border border-line px-2 text-xs text-muted hover:border-line-strong hover:text-fg"
                          >
                            <span className="sr-only">Search for tag </span>
                            {tag}
                          </Link>
                        ) : (
                          <span className="flex min-h-6 items-center rounded-full border border-line px-2 text-xs text-muted">{tag}</span>
                        )}
                      </li>
                    ))}
                  </ul>
                ) : (
                  <span className="text-muted">None</span>
                )}
              </td>
              <td className="px-4 py-3">
                {m.dataThrough ? (
                  <>
                    Data as of{" "}
                    <time dateTime={m.dataThrough} className="whitespace-nowrap">
                      {formatPeriod(m.dataThrough, "day")}
                    </time>
                  </>
                ) : (
                  <span className="text-muted">No data</span>
                )}
              </td>
              <td className="px-4 py-3">
                <RunStatus lastRun={m.lastRun} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
