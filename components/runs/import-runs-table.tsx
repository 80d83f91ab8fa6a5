import { RunStatus } from "@/components/metrics/run-status";
import { Card } from "@/components/ui/card";
import type { ImportRunSummary } from "@/lib/import/import-run-schema";
import { formatInstant } from "@/lib/metrics/format";

const count = (n: number) => n.toLocaleString("en-US");
const size = (bytes: number) =>
  bytes < 1e3
    ? `${bytes} B`
    : bytes < 1e6
      ? `${(bytes / 1e3).toFixed(1)} kB`
      : `${(bytes / 1e6).toFixed(1)} MB`;
const NUMERIC = new Set(["Rows read", "Loaded", "Rejected"]);

/** The latest `triad import` runs: file, table, rows and outcome. */
export function ImportRunsTable({ imports }: { imports: readonly ImportRunSummary[] }) {
  return (
    <section aria-labelledby="imports-heading" className="space-y-2">
      <h2 id="imports-heading" className="text-fg text-lg font-semibold">
        Imports
      </h2>
      {imports.length === 0 ? (
        <p className="text-muted">
          No file imported yet. Load a CSV or Parquet file with{" "}
          <code className="font-mono text-sm">npm run triad -- import FILE --table NAME</code>.
        </p>
      ) : (
        <Card className="overflow-x-auto">
          <table className="w-full text-sm">
            <caption className="sr-only">File imports, newest first</caption>
            <thead className="text-muted text-left">
              <tr>
                {[
                  "File",
                  "Table",
                  "Status",
                  "Started",
                  "Rows read",
                  "Loaded",
                  "Rejected",
                  "Checksum",
                ].map((h) => (
                  <th
                    key={h}
                    scope="col"
                    className={`px-3 py-2 font-medium ${NUMERIC.has(h) ? "text-right" : ""}`}
                  >
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {imports.map((r) => (
                <tr key={r.id} className="border-line border-t align-top">
                  <td className="px-3 py-2">
                    <span className="font-mono text-xs" title={r.filePath}>
                      {r.fileName}
                    </span>
                    <span className="text-muted block text-xs whitespace-nowrap">
                      {r.format}, {size(r.fileSize)}
                    </span>
                  </td>
                  <td className="px-3 py-2">
                    <span className="font-mono text-xs">{r.table}</span>
                    <span className="text-muted block text-xs">{r.mode}</span>
                  </td>
                  <td className="px-3 py-2">
                    <RunStatus
                      lastRun={{
                        id: r.id,
                        status: r.status,
                        startedAt: r.startedAt,
                        finishedAt: r.finishedAt,
                        error: r.error,
                      }}
                    />
                    {r.error ? (
                      <span className="text-bad mt-1 block max-w-xs text-xs break-words">
                        {r.error}
                      </span>
                    ) : null}
                  </td>
                  <td className="px-3 py-2 whitespace-nowrap">{formatInstant(r.startedAt)}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{count(r.rowsRead)}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{count(r.rowsLoaded)}</td>
                  <td className="px-3 py-2 text-right tabular-nums">
                    {count(r.rowsRejected)}
                    {r.status === "succeeded" && r.rejectedLines.length ? (
                      <span className="text-muted block text-xs">
                        {r.format === "parquet" ? "rows" : "lines"}{" "}
                        {r.rejectedLines.slice(0, 5).join(", ")}
                        {r.rejectedLines.length > 5 || r.rowsRejected > r.rejectedLines.length
                          ? ", …"
                          : ""}
                      </span>
                    ) : null}
                  </td>
                  <td
                    className="px-3 py-2 font-mono text-xs"
                    title={r.sha256 ? `sha256 ${r.sha256}` : undefined}
                  >
                    {r.sha256 ? r.sha256.slice(0, 12) : "–"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
      )}
    </section>
  );
}
