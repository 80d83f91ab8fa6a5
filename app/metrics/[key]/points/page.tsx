import { authorizePage } from "@/lib/auth/authorize";
import { viewerCan } from "@/lib/auth/viewer-schema";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { VerifyPointButton } from "@/components/metrics/verify-point-button";
import { Callout } from "@/components/ui/callout";
import { Card } from "@/components/ui/card";
import { getReadWarehouse } from "@/lib/db/read-warehouse";
import { pointRowsQuerySchema, type PointRowsQuery } from "@/lib/drill/drill-schema";
import { getPointRowsOrThrow, getStoredPointOrThrow } from "@/lib/drill/get-point-rows";
import { BadRequestError, ForbiddenError, NotFoundError } from "@/lib/http/errors";
import { metricKeyParamSchema } from "@/lib/metrics/api-schema";
import { formatPeriod, formatValue } from "@/lib/metrics/format";
import { getMetricOrThrow } from "@/lib/metrics/queries/get-metric-or-throw";

export const dynamic = "force-dynamic";

type Params = Promise<{ key: string }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export const metadata: Metadata = { title: "Source rows of a point" };

function toRecord(raw: Record<string, string | string[] | undefined>): Record<string, string | string[]> {
  return Object.fromEntries(Object.entries(raw).filter((e): e is [string, string | string[]] => e[1] !== undefined));
}

function queryString(q: PointRowsQuery, change: Partial<PointRowsQuery> = {}): string {
  const next = { ...q, ...change };
  const params: Record<string, string> = { grain: next.grain, period: next.period };
  if (next.dimension !== undefined && next.value !== undefined) Object.assign(params, { dimension: next.dimension, value: next.value });
  if (next.sort) params.sort = next.sort;
  params.order = next.order;
  params.page = String(next.page);
  params.pageSize = String(next.pageSize);
  return new URLSearchParams(params).toString();
}

export default async function PointRowsPage({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  const viewer = await authorizePage("drill");
  const { key } = await params;
  if (!metricKeyParamSchema.safeParse(key).success) notFound();
  const wh = await getReadWarehouse();
  let metric;
  try {
    metric = await getMetricOrThrow(wh, viewer, key);
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
  const parsed = pointRowsQuerySchema.safeParse(toRecord(await searchParams));
  const back = <p className="text-sm"><Link className="underline" href={`/metrics/${key}`}>Back to {metric.name}</Link></p>;
  if (!parsed.success)
    return (
      <div className="mx-auto max-w-6xl space-y-4 px-4 py-6">
        {back}
        <h1 className="text-2xl font-semibold text-fg">Source rows of a {metric.name} point</h1>
        <Callout tone="error" title="This link does not name a point">
          {parsed.error.issues.map((i) => `${i.path.join(".") || "query"}: ${i.message}`).join("; ")}. Open a point from the chart or its table.
        </Callout>
      </div>
    );
  const q = parsed.data;
  const format = { unit: metric.unit, ...(metric.currency ? { currency: metric.currency } : {}) };
  const slice = q.dimension ? `${q.dimension} = ${q.value}` : "all";
  const heading = `${metric.name}, ${formatPeriod(q.period, q.grain)} (${q.grain}), ${slice}`;
  let data;
  let problem: string | null = null;
  let stored: { value: number | null; runId: string } | null = null;
  try {
    stored = await getStoredPointOrThrow(wh, key, { grain: q.grain, period: q.period, dimension: q.dimension ?? "", value: q.value ?? "" });
    data = await getPointRowsOrThrow(wh, viewer, key, q);
  } catch (error) {
    if (error instanceof NotFoundError || error instanceof BadRequestError || error instanceof ForbiddenError) problem = error.message;
    else throw error;
  }
  const verifyPoint = { grain: q.grain, period: q.period, ...(q.dimension !== undefined && q.value !== undefined ? { dimension: q.dimension, value: q.value } : {}) };
  return (
    <div className="mx-auto max-w-6xl space-y-4 px-4 py-6">
      {back}
      <h1 className="text-2xl font-semibold text-fg">{heading}</h1>
      {problem || !data ? (
        <>
          {stored ? (
            <Card as="section" className="space-y-3 p-4" aria-labelledby="point-facts">
              <h2 id="point-facts" className="font-semibold text-fg">The point</h2>
              <p className="text-sm">
                Stored value <span className="tabular-nums">{formatValue(stored.value, format)}</span>, written by run{" "}
                {viewerCan(viewer, "runs") ? <Link className="font-mono underline" href={`/runs/${stored.runId}`}>{stored.runId}</Link> : <span className="font-mono">{stored.runId}</span>}.
              </p>
              {viewerCan(viewer, "verify") ? <VerifyPointButton metricKey={key} format={format} point={verifyPoint} /> : null}
            </Card>
          ) : null}
          <Callout tone={stored ? "info" : "error"} title="No source rows to show">{problem}</Callout>
        </>
      ) : (
        <>
          <Card as="section" className="space-y-3 p-4" aria-labelledby="point-facts">
            <h2 id="point-facts" className="font-semibold text-fg">The point</h2>
            <dl className="grid grid-cols-[10rem_1fr] gap-x-2 gap-y-1 text-sm">
              <dt className="text-muted">Stored value</dt>
              <dd className="text-fg tabular-nums">{formatValue(data.point.value, format)}</dd>
              <dt className="text-muted">Written by run</dt>
              <dd>{viewerCan(viewer, "runs") ? <Link className="font-mono underline" href={`/runs/${data.point.runId}`}>{data.point.runId}</Link> : <span className="font-mono">{data.point.runId}</span>}</dd>
              <dt className="text-muted">Source rows</dt>
              <dd className="text-fg tabular-nums">{data.total.toLocaleString("en-US")} in table <span className="font-mono">{data.table}</span></dd>
            </dl>
            {viewerCan(viewer, "verify") ? <VerifyPointButton metricKey={key} format={format} point={verifyPoint} /> : null}
          </Card>
          <Card as="section" className="space-y-3 p-4" aria-labelledby="point-rows">
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              <h2 id="point-rows" className="font-semibold text-fg">Source rows</h2>
              <a className="text-sm underline" href={`/api/metrics/${key}/points/rows.csv?${queryString(q)}`} download>Download all {data.total.toLocaleString("en-US")} rows as CSV</a>
            </div>
            {data.masked.length > 0 ? (
              <p className="text-muted text-sm">
                <span className="font-mono">{data.masked.join(", ")}</span>{" "}
                {data.masked.length === 1 ? "is a sensitive column" : "are sensitive columns"}, masked for your role here and in the CSV; rows cannot be sorted by {data.masked.length === 1 ? "it" : "them"}.
              </p>
            ) : null}
            <div className="overflow-x-auto">
              <table className="w-full text-sm">
                <caption className="sr-only">Source rows behind the point, sorted by {data.sort} {data.order === "asc" ? "ascending" : "descending"}; column headers change the sort</caption>
                <thead className="text-left text-muted">
                  <tr>
                    {data.columns.map((c) => {
                      const sorted = data.sort === c;
                      const nextOrder = sorted && data.order === "asc" ? "desc" : "asc";
                      // A masked column is not a sort link: its order would reveal its values.
                      if (data.masked.includes(c))
                        return (
                          <th key={c} scope="col" aria-sort="none" className="px-2 py-1 font-medium whitespace-nowrap">
                            {c} <span className="text-xs">(masked)</span>
                          </th>
                        );
                      return (
                        <th key={c} scope="col" aria-sort={sorted ? (data.order === "asc" ? "ascending" : "descending") : "none"} className="px-2 py-1 font-medium whitespace-nowrap">
                          <Link className="underline-offset-2 hover:underline" href={`/metrics/${key}/points?${queryString(q, { sort: c, order: nextOrder, page: 1 })}`}>
                            {c}
                            <span aria-hidden>{sorted ? (data.order === "asc" ? " ▲" : " ▼") : ""}</span>
                            <span className="sr-only">, sort {nextOrder === "asc" ? "ascending" : "descending"}</span>
                          </Link>
                        </th>
                      );
                    })}
                  </tr>
                </thead>
                <tbody>
                  {data.rows.map((row, i) => (
                    <tr key={i} className="border-t border-line">
                      {row.map((cell, j) => (
                        <td key={j} className="px-2 py-1 whitespace-nowrap tabular-nums">{cell === null ? <span className="text-muted">null</span> : String(cell)}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <nav aria-label="Pages of source rows" className="flex items-center gap-3 text-sm">
              {q.page > 1 ? <Link className="underline" href={`/metrics/${key}/points?${queryString(q, { page: q.page - 1 })}`}>Previous page</Link> : null}
              <span className="text-muted">Page {q.page} of {Math.max(1, Math.ceil(data.total / q.pageSize))}</span>
              {q.page * q.pageSize < data.total ? <Link className="underline" href={`/metrics/${key}/points?${queryString(q, { page: q.page + 1 })}`}>Next page</Link> : null}
            </nav>
          </Card>
        </>
      )}
    </div>
  );
}
