import type { ReactNode } from "react";

type Tone = "info" | "warning" | "error";

const TONES: Record<Tone, { box: string; icon: string; glyph: string; word: string }> = {
  info: { box: "border-line bg-surface", icon: "text-accent", glyph: "i", word: "Note" },
  warning: { box: "border-warn/40 bg-warn-soft", icon: "text-warn", glyph: "!", word: "Warning" },
  error: { box: "border-bad/40 bg-bad-soft", icon: "text-bad", glyph: "×", word: "Error" },
};

/** A message box; its tone is given in words and an icon, not by colour alone. */
export function Callout({ tone = "info", title, children }: { tone?: Tone; title: string; children?: ReactNode }) {
  const t = TONES[tone];
  return (
    <div role={tone === "error" ? "alert" : undefined} className={`flex gap-3 rounded-lg border p-4 ${t.box}`}>
      <span
        aria-hidden
        className={`mt-0.5 flex size-5 shrink-0 items-center justify-center rounded-full border-2 border-current text-xs font-bold ${t.icon}`}
      >
        {t.glyph}
      </span>
      <div className="min-w-0 space-y-1">
        <p className="font-semibold text-fg">
          <span className="sr-only">{t.word}: </span>
          {title}
        </p>
        {children ? <div className="text-sm text-muted">{children}</div> : null}
      </div>
    </div>
  );
}
