import type { LineageNodeKind } from "@/lib/lineage/node-names";

// 16px line icons, one per node kind; always shown beside the kind's word, never alone.
const PATHS: Record<LineageNodeKind, string> = {
  file: "M4 1.5h5.5L12.5 4.5v10h-8.5v-13Zm5.5 0v3h3M6.5 8h4m-4 2.5h4",
  system: "M3 4c0-1.1 2.2-2 5-2s5 .9 5 2v8c0 1.1-2.2 2-5 2s-5-.9-5-2V4Zm0 0c0 1.1 2.2 2 5 2s5-.9 5-2M3 8c0 1.1 2.2 2 5 2s5-.9 5-2",
  table: "M2.5 3.5h11v9h-11v-9Zm0 3h11m-11 3h11M6.5 6.5v6",
  job: "M6 4 2.5 8 6 12m4-8 3.5 4-3.5 4",
  rollup: "M8 2 14 5 8 8 2 5 8 2Zm-6 6 6 3 6-3m-12 3 6 3 6-3",
  metric: "M2 13.5h12M3 11l3.5-4 2.5 2 4-5.5",
};

export function KindIcon({ kind, className = "" }: { kind: LineageNodeKind; className?: string }) {
  return (
    <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden focusable="false" className={`shrink-0 ${className}`} fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinecap="round" strokeLinejoin="round">
      <path d={PATHS[kind]} />
    </svg>
  );
}
