import type { ChainVerdict } from "@/lib/audit/hash-chain";

/** The audit log's hash-chain verdict, in words and an icon; the break named by entry. */
export function ChainStatus({ verdict }: { verdict: ChainVerdict }) {
  if (verdict.ok) {
    return (
      <div
        role="status"
        className="border-ok/40 bg-ok-soft flex items-start gap-3 rounded-lg border p-4"
      >
        <span
          aria-hidden
          className="text-ok mt-0.5 flex size-5 shrink-0 items-center justify-center rounded-full border-2 border-current text-xs font-bold"
        >
          ✓
        </span>
        <div className="min-w-0">
          <p className="text-fg font-semibold">
            Chain intact: {verdict.entries.toLocaleString("en-US")} entr
            {verdict.entries === 1 ? "y" : "ies"} verified
          </p>
          <p className="text-muted text-sm">
            Each entry&apos;s hash covers its content and the previous entry&apos;s hash; recomputed
            just now from the first entry to the last
            {verdict.entries > 0 ? (
              <>
                , ending in{" "}
                <span className="font-mono text-xs break-all">
                  {verdict.lastHash.slice(0, 16)}…
                </span>
              </>
            ) : null}
            .
          </p>
        </div>
      </div>
    );
  }
  return (
    <div
      role="alert"
      className="border-bad/40 bg-bad-soft flex items-start gap-3 rounded-lg border p-4"
    >
      <span
        aria-hidden
        className="text-bad mt-0.5 flex size-5 shrink-0 items-center justify-center rounded-full border-2 border-current text-xs font-bold"
      >
        ×
      </span>
      <div className="min-w-0">
        <p className="text-fg font-semibold">
          Chain broken at entry #{verdict.brokenSeq}: {verdict.reason}
        </p>
        <p className="text-muted text-sm">
          Entries from #{verdict.brokenSeq} on cannot be trusted as written; the ones before it
          verified.
        </p>
      </div>
    </div>
  );
}
