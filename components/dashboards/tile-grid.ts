import type { TileWidth } from "@/lib/dashboards/schema";

/** The dashboard grid: one column on phones, two on tablets, three from laptops up. */
export const DASHBOARD_GRID_CLASS = "grid grid-cols-1 gap-4 md:grid-cols-2 lg:grid-cols-3";

// Full class names, so Tailwind finds them in the source.
const SPANS: Record<TileWidth, string> = {
  1: "col-span-1",
  2: "col-span-1 md:col-span-2",
  3: "col-span-1 md:col-span-2 lg:col-span-3",
};

/** The columns a tile spans at each breakpoint. */
export const tileSpanClass = (width: TileWidth): string => SPANS[width];
