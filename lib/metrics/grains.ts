// The grains a metric is bucketed by, finest first. Pure and free of Zod, so
// client components can order grains without shipping the schema library.
export const GRAINS = ["day", "week", "month", "quarter"] as const;
export type Grain = (typeof GRAINS)[number];
