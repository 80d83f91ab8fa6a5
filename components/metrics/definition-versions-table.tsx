import Link from "next/link";
import { formatInstant } from "@/lib/metrics/format";
import { definitionHref, type DefinitionPageState } from "@/lib/metrics/definition-page-state";
import type { DefinitionVersion } from "@/lib/metrics/definition-version-schema";

const count = (n: number) => n.toLocaleString("en-US");

/** Every version of a definition, newest first, with its runs and the stored points they wrote. */
export function DefinitionVersionsTable({
  metricKey,
  versions,
  state,
}: {
  metricKey: string;
  versions: readonly DefinitionVersion[];
  state: DefinitionPageState;
}) {
  return (
    <div className="relative overflow-x-auto">
      <table className="w-full min-w-[44rem] text-sm">
        <caption className="sr-only">
          Versions of the definition, newest first, with the stored points each produced
        </caption>
        <thead className="text-muted text-left">
          <tr>
            {["Version", "First loaded", "Runs", "Stored points by grain", "View"].map((h) => (
              <th key={h} scope="col" className="px-3 py-2 font-medium">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {versions.map((v) => {
            const runsHref = `/runs?${new URLSearchParams({ metric: metricKey, definitionVersion: v.id })}`;
            return (
              <tr key={v.id} className="border-line border-t align-top">
                <th scope="row" className="px-3 py-2 text-left font-normal">
                  <span className="text-fg font-mono text-xs">{v.id}</span>
                  {v.current ? (
                    <span className="bg-accent-soft text-accent ml-2 rounded-full px-2 py-0.5 text-xs font-medium">
                      Current
                    </span>
                  ) : null}
                  {v.id === state.shown ? (
                    <span className="border-line text-muted ml-2 rounded-full border px-2 py-0.5 text-xs">
                      Shown above
                    </span>
                  ) : null}
                  <span className="text-muted mt-1 block text-xs">{v.filePath}</span>
                </th>
                <td className="px-3 py-2 whitespace-nowrap">
                  <time dateTime={v.loadedAt}>{formatInstant(v.loadedAt)}</time>
                </td>
                <td className="px-3 py-2 whitespace-nowrap">
                  {v.runs > 0 ? (
                    <Link className="text-accent underline" href={runsHref}>
                      {count(v.runs)} run{v.runs === 1 ? "" : "s"}
                      <span className="sr-only"> of version {v.id}</span>
                    </Link>
                  ) : (
                    <span className="text-muted">No runs</span>
                  )}
                  {v.runs > 0 && v.succeededRuns !== v.runs ? (
                    <span className="text-muted block text-xs">
                      {count(v.succeededRuns)} succeeded
                    </span>
                  ) : null}
                </td>
                <td className="px-3 py-2">
                  {v.pointsByGrain.length ? (
                    <ul className="space-y-0.5">
                      {v.pointsByGrain.map((g) => (
                        <li key={g.grain} className="whitespace-nowrap">
                          <span className="font-medium">{g.grain}</span>:{" "}
                          <span className="tabular-nums">{count(g.points)}</span> point
                          {g.points === 1 ? "" : "s"},{" "}
                          <span className="text-muted">
                            <time dateTime={g.firstPeriod}>{g.firstPeriod}</time> to{" "}
                            <time dateTime={g.lastPeriod}>{g.lastPeriod}</time>
                          </span>
                        </li>
                      ))}
                    </ul>
                  ) : (
                    <span className="text-muted">
                      None stored{v.runs > 0 ? " (replaced by later runs, or never written)" : ""}
                    </span>
                  )}
                </td>
                <td className="px-3 py-2 whitespace-nowrap">
                  <Link
                    className="text-accent underline"
                    href={definitionHref(metricKey, { version: v.id, ...(state.diff ?? {}) })}
                  >
                    Show<span className="sr-only"> version {v.id}</span>
                  </Link>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
