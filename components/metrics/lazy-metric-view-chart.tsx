"use client";

import dynamic from "next/dynamic";

// Recharts draws in the browser only (it needs the container's width): the
// chart loads after the page is usable, so no route ships Recharts up front.
export const LazyMetricViewChart = dynamic(() => import("./metric-view-chart").then((m) => m.MetricViewChart), {
  ssr: false,
  loading: () => null,
});
