"use client";

import dynamic from "next/dynamic";

// React Flow and dagre load after the page is usable, so the metric page's first-load JS does not carry them.
export const LazyLineageGraph = dynamic(() => import("./lineage-graph").then((m) => m.LineageGraph), {
  ssr: false,
  loading: () => <div className="h-[inherit] min-h-[inherit] animate-pulse rounded-lg border border-line bg-raised" aria-hidden />,
});
