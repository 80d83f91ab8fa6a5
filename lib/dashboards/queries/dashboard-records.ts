import "server-only";
import type { Warehouse } from "@/lib/db";
import { BadRequestError } from "@/lib/http/errors";
import { readCurrentDefinitions } from "@/lib/metrics/queries/metric-records";
import { metricViewSchema } from "@/lib/metrics/view-schema";
import {
  type Dashboard,
  type DashboardTile,
  type DashboardTileBody,
  tileKindSchema,
  tileWidthSchema,
} from "../schema";

// Reads and checks shared by the dashboard query functions. Not queries of their own.

export interface DashboardRow {
  id: string;
  slug: string;
  name: string;
  description: string;
  createdAt: Date;
  updatedAt: Date;
  tiles: {
    id: string;
    position: number;
    metricKey: string;
    kind: string;
    title: string | null;
    width: number;
    view: unknown;
  }[];
}

export const dashboardInclude = { tiles: { orderBy: { position: "asc" } } } as const;

const defaultView = () => metricViewSchema.parse({});

/** A stored row as the API shape. Tiles were validated when saved; a value a later schema rejects falls back to its default. */
export function toDashboard(row: DashboardRow): Dashboard {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    description: row.description,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    tiles: row.tiles.map((t): DashboardTile => ({
      id: t.id,
      position: t.position,
      metricKey: t.metricKey,
      kind: tileKindSchema.catch("chart").parse(t.kind),
      title: t.title,
      width: tileWidthSchema.catch(1).parse(t.width),
      view: metricViewSchema.catch(defaultView).parse(t.view),
    })),
  };
}

/** Rows to insert for `tiles`, in order, each with a new id. */
export function tileRows(
  dashboardId: string,
  tiles: readonly DashboardTileBody[],
  newId: () => string,
) {
  return tiles.map((t, position) => ({
    id: newId(),
    dashboardId,
    position,
    metricKey: t.metricKey,
    kind: t.kind,
    title: t.title,
    width: t.width,
    // Only keys with values: the stored JSON is the parsed view, nothing undefined.
    view: JSON.parse(JSON.stringify(t.view)) as Record<
      string,
      string | number | boolean | Record<string, string>
    >,
  }));
}

const quoted = (values: readonly string[]) => values.map((v) => `"${v}"`).join(", ");

/**
 * Checks every tile against the metric it shows: the metric exists, and the
 * grain, breakdown and filter are among its grains and dimensions. Values are
 * stored per single dimension, so one filter at most, on the breakdown's
 * dimension if there is one. Throws BadRequestError naming the field
 * (`tiles.2.view.by`).
 */
export async function assertTilesValid(
  wh: Warehouse,
  tiles: readonly DashboardTileBody[],
): Promise<void> {
  if (tiles.length === 0) return;
  const definitions = await readCurrentDefinitions(wh);
  tiles.forEach((tile, i) => {
    const at = (field: string) => `tiles.${i}.${field}`;
    const metric = definitions.get(tile.metricKey);
    if (!metric)
      throw new BadRequestError(
        at("metricKey"),
        `There is no metric with key "${tile.metricKey}".`,
      );
    const { grains, dimensions } = metric;
    const { view } = tile;
    const hasNo = (what: string, value: string, allowed: readonly string[]) =>
      allowed.length
        ? `Metric "${tile.metricKey}" has no ${what} "${value}"; use one of ${quoted(allowed)}.`
        : `Metric "${tile.metricKey}" has no ${what}s.`;
    if (view.grain !== undefined && !grains.includes(view.grain))
      throw new BadRequestError(at("view.grain"), hasNo("grain", view.grain, grains));
    if (view.by !== undefined) {
      if (tile.kind === "number")
        throw new BadRequestError(
          at("view.by"),
          "A number tile shows one total; make it a chart tile to break it down.",
        );
      if (!dimensions.includes(view.by))
        throw new BadRequestError(at("view.by"), hasNo("dimension", view.by, dimensions));
    }
    const filters = Object.keys(view.filters);
    filters.forEach((dimension, n) => {
      const field = at(`view.filters.${dimension}`);
      if (n > 0)
        throw new BadRequestError(
          field,
          "Only one filter at a time is supported: values are stored per single dimension.",
        );
      if (!dimensions.includes(dimension))
        throw new BadRequestError(field, hasNo("dimension", dimension, dimensions));
      if (view.by !== undefined && view.by !== dimension) {
        throw new BadRequestError(
          field,
          `A filter on "${dimension}" cannot be combined with a breakdown by "${view.by}": values are stored per single dimension.`,
        );
      }
    });
    if (view.range === "custom") {
      if (!view.from)
        throw new BadRequestError(at("view.from"), "A custom range needs a start date.");
      if (!view.to) throw new BadRequestError(at("view.to"), "A custom range needs an end date.");
      if (view.from > view.to) throw new BadRequestError(at("view.from"), "must not be after `to`");
    }
  });
}

/** Whether a Prisma error is the one with this code (P2002 unique violation, P2025 row not found). */
export const isPrismaError = (error: unknown, code: string): boolean =>
  typeof error === "object" &&
  error !== null &&
  "code" in error &&
  (error as { code: unknown }).code === code;
