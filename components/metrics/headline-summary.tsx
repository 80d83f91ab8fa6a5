import type { CatalogEntry, SeriesPoint } from "@/lib/metrics/api-schema";
import { latestChange } from "@/lib/metrics/chart-rows";
import type { Grain } from "@/lib/metrics/definition-schema";

export interface HeadlineSummaryProps {
  tiles: readonly { metric: Pick<CatalogEntry, "name" | "direction">; grain: Grain; points: readonly SeriesPoint[] }[];
}

const list = new Intl.ListFormat("en-US", { style: "long", type: "conjunction" });

/**
 * What changed, in plain words: which headline metrics moved the way their
 * owners want since the previous period and which moved against it.
 */
export function HeadlineSummary({ tiles }: HeadlineSummaryProps) {
  const better: string[] = [];
  const worse: string[] = [];
  const steady: string[] = [];
  for (const { metric, points } of tiles) {
    const change = latestChange(points)?.change ?? null;
    if (change === null) continue;
    if (change === 0 || metric.direction === "neutral") steady.push(metric.name);
    else if (change > 0 === (metric.direction === "higher_is_better")) better.push(metric.name);
    else worse.push(metric.name);
  }
  if (better.length + worse.length + steady.length === 0) return null;
  const grains = new Set(tiles.map((t) => t.grain));
  const previous = grains.size === 1 ? `the previous ${[...grains][0]}` : "the previous period";
  const sentences = [
    better.length ? `Better than ${previous}: ${list.format(better)}.` : `None improved on ${previous}.`,
    worse.length ? `Worse: ${list.format(worse)}.` : "None got worse.",
    steady.length ? `Unchanged or neutral: ${list.format(steady)}.` : "",
  ].filter(Boolean);
  return <p className="text-sm text-fg">{sentences.join(" ")}</p>;
}
