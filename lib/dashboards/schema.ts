// Shapes of dashboards: request bodies in, JSON out. Pure: shared by routes,
// server queries and components; the only source of these types.
import { z } from "zod";
import { metricKeySchema } from "@/lib/metrics/definition-schema";
import { metricViewSchema } from "@/lib/metrics/view-schema";

export const TILE_KINDS = ["number", "chart"] as const;
/** number: the latest value with a sparkline and its change; chart: the metric over the tile's range. */
export const tileKindSchema = z.enum(TILE_KINDS);
export type TileKind = z.infer<typeof tileKindSchema>;

/** Columns of the dashboard's 3-column grid. */
export const TILE_WIDTHS = [1, 2, 3] as const;
export const tileWidthSchema = z.literal(TILE_WIDTHS, { error: "must be 1, 2 or 3 (columns)" });
export type TileWidth = z.infer<typeof tileWidthSchema>;

export const MAX_TILES = 48;
export const MAX_NAME_LENGTH = 120;
export const MAX_DESCRIPTION_LENGTH = 500;

/** The path parameter of /dashboards/{slug}: lower-case words joined by hyphens. */
export const dashboardSlugSchema = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "must be lower-case letters and digits joined by hyphens")
  .max(80);

export const dashboardRouteParamsSchema = z.object({ slug: dashboardSlugSchema });

// No control characters: they cannot be stored in PostgreSQL text (NUL) or shown.
const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .regex(/^[^\p{Cc}]*$/u, "must not contain control characters");

const dashboardName = text(MAX_NAME_LENGTH).min(1, "must not be empty");

/** One tile as written by the editor; its place is its index in `tiles`. */
export const dashboardTileBodySchema = z.strictObject({
  metricKey: metricKeySchema,
  kind: tileKindSchema,
  /** Empty or absent: the metric's name. */
  title: text(MAX_NAME_LENGTH)
    .nullish()
    .transform((t) => (t ? t : null)),
  width: tileWidthSchema,
  view: metricViewSchema.default(() => metricViewSchema.parse({})),
});
export type DashboardTileBody = z.infer<typeof dashboardTileBodySchema>;
export type DashboardTileBodyInput = z.input<typeof dashboardTileBodySchema>;

const tiles = z
  .array(dashboardTileBodySchema)
  .max(MAX_TILES, `must have at most ${MAX_TILES} tiles`);

/** POST /api/dashboards. */
export const createDashboardBodySchema = z.strictObject({
  name: dashboardName,
  description: text(MAX_DESCRIPTION_LENGTH).default(""),
  tiles: tiles.default([]),
});
export type CreateDashboardBody = z.infer<typeof createDashboardBodySchema>;

/** PUT /api/dashboards/{slug}: the whole dashboard; its tiles replace the stored ones. */
export const updateDashboardBodySchema = z.strictObject({
  name: dashboardName,
  description: text(MAX_DESCRIPTION_LENGTH),
  tiles,
});
export type UpdateDashboardBody = z.infer<typeof updateDashboardBodySchema>;
export type UpdateDashboardBodyInput = z.input<typeof updateDashboardBodySchema>;

export const dashboardTileSchema = z.object({
  id: z.string(),
  position: z.number().int().min(0),
  metricKey: z.string(),
  kind: tileKindSchema,
  title: z.string().nullable(),
  width: tileWidthSchema,
  view: metricViewSchema,
});
export type DashboardTile = z.infer<typeof dashboardTileSchema>;

/** GET /api/dashboards/{slug}, and the answer of POST and PUT. */
export const dashboardSchema = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  description: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  tiles: z.array(dashboardTileSchema),
});
export type Dashboard = z.infer<typeof dashboardSchema>;

/** One entry of GET /api/dashboards. */
export const dashboardSummarySchema = z.object({
  slug: z.string(),
  name: z.string(),
  description: z.string(),
  tileCount: z.number().int(),
  /** The metrics on it, in tile order, each once. */
  metricKeys: z.array(z.string()),
  updatedAt: z.string(),
});
export type DashboardSummary = z.infer<typeof dashboardSummarySchema>;

export const dashboardListResponseSchema = z.object({
  dashboards: z.array(dashboardSummarySchema),
});
