import Link from "next/link";
import { auditHref, type AuditEntry, type AuditFilters } from "@/lib/audit/audit-schema";
import {
  auditEntityHref,
  auditRelatedLinks,
  summarizeAuditEntry,
} from "@/lib/audit/describe-audit-entry";
import { formatInstant } from "@/lib/metrics/format";

const short = (hash: string) => `${hash.slice(0, 10)}…`;

/** Audit entries, newest first: who did what to which entity, in words, with the detail and hashes one click away. */
export function AuditTable({
  entries,
  filters,
}: {
  entries: readonly AuditEntry[];
  filters: AuditFilters;
}) {
  return (
    <div className="relative overflow-x-auto">
      <table className="w-full min-w-[56rem] text-sm">
        <caption className="sr-only">Audit log entries, newest first</caption>
        <thead className="text-muted text-left">
          <tr>
            {["Entry", "Time", "Actor", "Action", "Entity", "What happened", "Hash"].map((h) => (
              <th key={h} scope="col" className="px-3 py-2 font-medium whitespace-nowrap">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => {
            const entityHref = auditEntityHref(e);
            const related = auditRelatedLinks(e);
            return (
              <tr key={e.seq} className="border-line border-t align-top">
                <th
                  scope="row"
                  className="px-3 py-2 text-left font-mono text-xs font-normal tabular-nums"
                >
                  #{e.seq}
                </th>
                <td className="px-3 py-2 whitespace-nowrap">
                  <time dateTime={e.at}>{formatInstant(e.at)}</time>
                </td>
                <td className="px-3 py-2 whitespace-nowrap">{e.actor}</td>
                <td className="px-3 py-2">
                  <Link
                    className="text-accent font-mono text-xs underline"
                    href={auditHref({ ...filters, action: e.action })}
                  >
                    {e.action}
                    <span className="sr-only"> (show only this action)</span>
                  </Link>
                </td>
                <td className="px-3 py-2">
                  <span className="text-muted block text-xs">{e.entityType}</span>
                  {entityHref ? (
                    <Link
                      className="text-accent font-mono text-xs whitespace-nowrap underline"
                      href={entityHref}
                    >
                      {e.entityType === "run" ? short(e.entityId) : e.entityId}
                      {e.entityType === "run" ? (
                        <span className="sr-only"> (run {e.entityId})</span>
                      ) : null}
                    </Link>
                  ) : (
                    <span className="font-mono text-xs break-all">{e.entityId}</span>
                  )}
                </td>
                <td className="min-w-64 px-3 py-2">
                  <p>{summarizeAuditEntry(e)}</p>
                  {related.length ? (
                    <ul className="mt-1 flex flex-wrap gap-x-3 text-xs">
                      {related.map((l) => (
                        <li key={l.href}>
                          <Link className="text-accent underline" href={l.href}>
                            {l.label}
                          </Link>
                        </li>
                      ))}
                    </ul>
                  ) : null}
                  <details className="mt-1 text-xs">
                    <summary className="text-accent cursor-pointer">
                      Detail<span className="sr-only"> of entry {e.seq}</span> as JSON
                    </summary>
                    <pre className="bg-raised text-fg mt-1 max-w-xl overflow-auto rounded-md p-2 font-mono">
                      {JSON.stringify(e.detail, null, 2)}
                    </pre>
                    <dl className="text-muted mt-1 space-y-0.5 font-mono break-all">
                      <div>
                        <dt className="inline">hash </dt>
                        <dd className="inline">{e.hash}</dd>
                      </div>
                      <div>
                        <dt className="inline">prev </dt>
                        <dd className="inline">{e.prevHash}</dd>
                      </div>
                    </dl>
                  </details>
                </td>
                <td className="px-3 py-2 font-mono text-xs whitespace-nowrap">
                  <span className="block" title={e.hash}>
                    <span className="text-muted">hash </span>
                    {short(e.hash)}
                  </span>
                  <span className="block" title={e.prevHash}>
                    <span className="text-muted">prev </span>
                    {short(e.prevHash)}
                  </span>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
