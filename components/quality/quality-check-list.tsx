import type { QualityCheck } from "@/lib/quality/check-schema";

const LOOK: Record<QualityCheck["status"], { symbol: string; word: string; className: string }> = {
  pass: { symbol: "✓", word: "Passed", className: "bg-ok-soft text-ok" },
  warn: { symbol: "!", word: "Warning", className: "bg-warn-soft text-warn" },
  fail: { symbol: "✕", word: "Failed", className: "bg-bad-soft text-bad" },
  not_applicable: { symbol: "–", word: "Not applicable", className: "bg-raised text-muted" },
};

const CHECK_NAMES: Record<QualityCheck["check"], string> = {
  freshness: "Freshness",
  row_count: "Row count",
  null_keys: "Null keys",
  duplicate_keys: "Duplicate keys",
  reconciliation: "Reconciliation",
};

/** Checks as a table: status in a symbol and a word (never colour alone), node, check, expected and actual. */
export function QualityCheckList({ checks }: { checks: readonly QualityCheck[] }) {
  if (checks.length === 0) return <p className="text-sm text-muted">No quality checks were recorded with this run.</p>;
  const order: QualityCheck["status"][] = ["fail", "warn", "pass", "not_applicable"];
  const sorted = [...checks].sort((a, b) => order.indexOf(a.status) - order.indexOf(b.status) || a.nodeName.localeCompare(b.nodeName));
  const failed = checks.filter((c) => c.status === "fail").length;
  return (
    <div className="space-y-2">
      <p className="text-sm text-muted">
        {checks.length} checks: {failed === 0 ? "none failed" : `${failed} failed`}.
      </p>
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm">
          <thead className="text-xs text-muted">
            <tr>
              <th scope="col" className="py-1 pr-3 font-medium">Status</th>
              <th scope="col" className="py-1 pr-3 font-medium">Node</th>
              <th scope="col" className="py-1 pr-3 font-medium">Check</th>
              <th scope="col" className="py-1 pr-3 font-medium">Result</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-line">
            {sorted.map((c) => {
              const look = LOOK[c.status];
              return (
                <tr key={c.id} className="align-top">
                  <td className="py-1.5 pr-3 whitespace-nowrap">
                    <span className={`inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium ${look.className}`}>
                      <span aria-hidden>{look.symbol}</span>
                      {look.word}
                    </span>
                  </td>
                  <td className="py-1.5 pr-3 font-mono text-xs text-fg">{c.nodeName}</td>
                  <td className="py-1.5 pr-3 whitespace-nowrap text-fg">
                    {CHECK_NAMES[c.check]}
                    {c.column ? <span className="text-muted"> on {c.column}</span> : null}
                  </td>
                  <td className="py-1.5 pr-3 text-fg">
                    {c.message}
                    {c.expected ? <span className="block text-xs text-muted">Expected: {c.expected}{c.actual ? `; found: ${c.actual}` : ""}</span> : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
