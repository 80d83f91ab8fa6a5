import { authorizePage } from "@/lib/auth/authorize";
import type { Metadata } from "next";
import Link from "next/link";
import { AuditFilters } from "@/components/audit/audit-filters";
import { AuditTable } from "@/components/audit/audit-table";
import { ChainStatus } from "@/components/audit/chain-status";
import { Callout } from "@/components/ui/callout";
import { Card } from "@/components/ui/card";
import {
  AUDIT_FILTERS,
  type AuditFilters as Filters,
  auditHref,
  parseAuditPageParams,
} from "@/lib/audit/audit-schema";
import { listAuditEntries } from "@/lib/audit/queries/list-audit-entries";
import { listAuditFacets } from "@/lib/audit/queries/list-audit-facets";
import { verifyAuditLog } from "@/lib/audit/verify-audit-log";
import { getWarehouse } from "@/lib/db";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Audit log" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function AuditPage({ searchParams }: { searchParams: SearchParams }) {
  await authorizePage("audit_log");
  const { query, ignored } = parseAuditPageParams(await searchParams);
  const filters: Filters = Object.fromEntries(
    AUDIT_FILTERS.flatMap((name) => (query[name] ? [[name, query[name]]] : [])),
  );
  const filtered = Object.keys(filters).length > 0;
  const wh = await getWarehouse();
  const [page, facets, verdict] = await Promise.all([
    listAuditEntries(wh, query),
    listAuditFacets(wh),
    verifyAuditLog(wh.sql),
  ]);

  return (
    <div className="space-y-6">
      <header className="space-y-2">
        <h1 className="text-2xl font-semibold tracking-tight">Audit log</h1>
        <p className="text-muted max-w-3xl">
          Every definition change, run and failed quality check, in order. Each entry is
          hash-chained to the one before it, so changing, removing or reordering any entry shows up
          below as a broken link.
        </p>
      </header>

      <ChainStatus verdict={verdict} />

      {ignored.length ? (
        <Callout
          tone="warning"
          title={
            ignored.length === 1
              ? "One setting in the link was ignored"
              : `${ignored.length} settings in the link were ignored`
          }
        >
          <ul className="list-disc space-y-0.5 pl-4">
            {ignored.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </Callout>
      ) : null}

      <Card as="section" aria-labelledby="filters-heading" className="p-5">
        <h2 id="filters-heading" className="mb-3 font-semibold">
          Filters
        </h2>
        <AuditFilters filters={filters} facets={facets} />
      </Card>

      <Card as="section" aria-labelledby="entries-heading" className="p-5">
        <h2 id="entries-heading" className="font-semibold">
          Entries
        </h2>
        <p className="text-muted mt-1 text-sm" role="status">
          {page.total.toLocaleString("en-US")} entr{page.total === 1 ? "y" : "ies"}
          {filtered ? " match the filters" : " in the log"}, newest first
          {page.entries.length ? (
            <>
              ; showing #{page.entries[0]?.seq} to #{page.entries[page.entries.length - 1]?.seq}
            </>
          ) : null}
          .
        </p>
        {page.entries.length ? (
          <div className="mt-3">
            <AuditTable entries={page.entries} filters={filters} />
          </div>
        ) : (
          <p className="text-muted mt-3">
            {filtered
              ? "No entry matches these filters."
              : "The log is empty: nothing has been computed yet."}
          </p>
        )}
        <nav
          aria-label="Pages of the audit log"
          className="mt-4 flex flex-wrap items-center gap-4 text-sm"
        >
          {page.newerAfter !== null ? (
            <>
              <Link className="text-accent underline" href={auditHref(filters)}>
                Newest
              </Link>
              <Link
                className="text-accent underline"
                href={auditHref(filters, { after: page.newerAfter })}
              >
                Newer entries
              </Link>
            </>
          ) : null}
          {page.olderBefore !== null ? (
            <Link
              className="text-accent underline"
              href={auditHref(filters, { before: page.olderBefore })}
            >
              Older entries
            </Link>
          ) : null}
        </nav>
      </Card>
    </div>
  );
}
