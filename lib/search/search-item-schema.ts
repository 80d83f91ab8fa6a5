// What the search box and the command palette search over. Pure: shared by the
// server query that lists them, the ranking and the palette.
import { z } from "zod";
import type { CatalogEntry } from "@/lib/metrics/api-schema";

export const searchItemKindSchema = z.enum(["metric", "dashboard"]);
export type SearchItemKind = z.infer<typeof searchItemKindSchema>;

export const searchItemSchema = z.object({
  kind: searchItemKindSchema,
  /** The metric key or the dashboard slug: unique within its kind. */
  id: z.string(),
  title: z.string(),
  description: z.string(),
  /** Where choosing the item goes. */
  href: z.string(),
  synonyms: z.array(z.string()),
  tags: z.array(z.string()),
  owner: z.string().optional(),
  /** Listed first when nothing is typed yet. */
  featured: z.boolean(),
});
export type SearchItem = z.infer<typeof searchItemSchema>;

type MetricFields = Pick<CatalogEntry, "key" | "name" | "description" | "synonyms" | "tags" | "owner" | "headline">;

export function metricSearchItem(metric: MetricFields): SearchItem {
  return {
    kind: "metric",
    id: metric.key,
    title: metric.name,
    description: metric.description,
    href: `/metrics/${metric.key}`,
    synonyms: metric.synonyms,
    tags: metric.tags,
    owner: metric.owner,
    featured: metric.headline,
  };
}
