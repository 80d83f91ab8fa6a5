import type { ReactNode } from "react";

type Tone = "empty" | "warning" | "error";

const TONES: Record<Tone, { glyph: string; word: string; className: string }> = {
  empty: { glyph: "–", word: "No data", className: "text-muted" },
  warning: { glyph: "!", word: "Warning", className: "text-warn" },
  error: { glyph: "×", word: "Error", className: "text-bad" },
};

/** What a tile shows instead of its content: what happened and what to do, in words and an icon. */
export function TileProblem({
  tone,
  title,
  children,
}: {
  tone: Tone;
  title: string;
  children?: ReactNode;
}) {
  const t = TONES[tone];
  return (
    <div
      role={tone === "error" ? "alert" : undefined}
      className="border-line-strong flex flex-1 flex-col items-center justify-center gap-1 rounded-lg border border-dashed px-4 py-6 text-center"
    >
      <span
        aria-hidden
        className={`flex size-6 items-center justify-center rounded-full border-2 border-current text-xs font-bold ${t.className}`}
      >
        {t.glyph}
      </span>
      <p className="text-fg text-sm font-medium">
        <span className="sr-only">{t.word}: </span>
        {title}
      </p>
      {children ? <div className="text-muted max-w-prose text-xs">{children}</div> : null}
    </div>
  );
}

/** A placeholder of a tile's content while its data loads. */
export function TileSkeleton({ label }: { label: string }) {
  return (
    <div role="status" className="flex flex-1 flex-col gap-3 py-1">
      <span className="sr-only">Loading {label}…</span>
      <span aria-hidden className="bg-raised h-7 w-1/3 animate-pulse rounded" />
      <span aria-hidden className="bg-raised h-4 w-1/2 animate-pulse rounded" />
      <span aria-hidden className="bg-raised min-h-11 flex-1 animate-pulse rounded" />
    </div>
  );
}
