import type { CheckTone } from "./lineage-summary";

const LOOK: Record<CheckTone | "upstream", { glyph: string; className: string }> = {
  pass: { glyph: "✓", className: "bg-ok-soft text-ok" },
  fail: { glyph: "✕", className: "bg-bad-soft text-bad" },
  warn: { glyph: "!", className: "bg-warn-soft text-warn" },
  upstream: { glyph: "⚠", className: "bg-warn-soft text-warn" },
  none: { glyph: "–", className: "bg-raised text-muted" },
};

/** A check result as a glyph and words on a tinted chip: never colour alone. */
export function CheckBadge({ tone, children, truncate = false }: { tone: CheckTone | "upstream"; children: string; truncate?: boolean }) {
  const look = LOOK[tone];
  return (
    <span className={`inline-flex max-w-full items-center gap-1 rounded px-1.5 py-0.5 text-[11px] leading-4 font-medium ${look.className}`}>
      <span aria-hidden>{look.glyph}</span>
      <span className={truncate ? "truncate" : ""}>{children}</span>
    </span>
  );
}
