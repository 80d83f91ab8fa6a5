import Link from "next/link";
import { StatusBadge } from "@/components/intent/status-badge";
import type { BriefMetric, BriefSentence } from "@/lib/brief/brief-schema";

const KIND_LABELS: Record<BriefSentence["kind"], string> = {
  value: "Now",
  change: "Change",
  year: "Year on year",
  status: "Target",
  anomaly: "Unusual days",
  driver: "Why",
};

const MEANING_MARK: Record<NonNullable<BriefSentence["meaning"]>, { glyph: string; tone: string }> = {
  better: { glyph: "▲", tone: "text-ok" },
  worse: { glyph: "▼", tone: "text-bad" },
  unchanged: { glyph: "■", tone: "text-muted" },
  up: { glyph: "▲", tone: "text-muted" },
  down: { glyph: "▼", tone: "text-muted" },
};

/** One headline metric in the brief: its status, then a sentence per fact, each linking to the chart that proves it. */
export function BriefMetricCard({ metric }: { metric: BriefMetric }) {
  const titleId = `brief-${metric.key}`;
  const status = metric.sentences.find((s) => s.kind === "status");
  return (
    <article aria-labelledby={titleId} className="rounded-xl border border-line bg-surface p-5 shadow-[0_1px_2px_rgba(16,24,40,0.04)]" data-metric={metric.key}>
      <header className="flex flex-wrap items-center justify-between gap-3">
        <div className="flex flex-wrap items-center gap-3">
          <h2 id={titleId} className="text-lg font-semibold tracking-tight">
            <Link href={`/metrics/${metric.key}`} className="hover:underline">
              {metric.name}
            </Link>
          </h2>
          <StatusBadge status={metric.status} label={metric.statusLabel} sentence={status?.text} size="md" />
        </div>
        <p className="text-2xl font-semibold tracking-tight text-fg tabular-nums">{metric.valueText}</p>
      </header>
      <ul className="mt-3 divide-y divide-line text-sm">
        {metric.sentences.map((sentence) => {
          const mark = sentence.meaning ? MEANING_MARK[sentence.meaning] : null;
          return (
            <li key={sentence.kind} className="grid gap-x-4 gap-y-0.5 py-2 sm:grid-cols-[7.5rem_1fr]" data-kind={sentence.kind}>
              <span className="text-xs font-medium tracking-wide text-muted uppercase sm:pt-0.5">{KIND_LABELS[sentence.kind]}</span>
              <span className="flex gap-1.5">
                {mark ? (
                  <span aria-hidden className={`${mark.tone} shrink-0`}>
                    {mark.glyph}
                  </span>
                ) : null}
                <Link href={sentence.href} className="text-fg underline decoration-line-strong underline-offset-4 hover:decoration-accent">
                  {sentence.text}
                </Link>
              </span>
            </li>
          );
        })}
      </ul>
    </article>
  );
}
