// The periods "What drove the change" compares, as the metric page's URL
// carries them: driversGrain, driversFrom, driversTo (any day inside each
// period). Pure.
import { grainSchema } from "@/lib/metrics/definition-schema";
import { isIsoDay } from "@/lib/metrics/periods";
import type { DriversSelection } from "./drivers-schema";

export const DRIVERS_PARAMS = { grain: "driversGrain", from: "driversFrom", to: "driversTo" } as const;

type Raw = Record<string, string | string[] | undefined>;

/**
 * The drivers selection in `raw`, a warning for each value ignored, and the
 * other parameters untouched (for the chart's own parser).
 */
export function parseDriversParams(raw: Raw): { selection: DriversSelection; warnings: string[]; rest: Raw } {
  const rest: Raw = { ...raw };
  const selection: DriversSelection = {};
  const warnings: string[] = [];
  const take = (name: string): string | undefined => {
    const given = rest[name];
    delete rest[name];
    const value = Array.isArray(given) ? given[0] : given;
    return value === undefined || value === "" ? undefined : value;
  };
  const grain = take(DRIVERS_PARAMS.grain);
  if (grain !== undefined) {
    const parsed = grainSchema.safeParse(grain);
    if (parsed.success) selection.grain = parsed.data;
    else warnings.push(`“${DRIVERS_PARAMS.grain}=${grain}” is not valid (expected one of day, week, month, quarter); using the default.`);
  }
  for (const side of ["from", "to"] as const) {
    const value = take(DRIVERS_PARAMS[side]);
    if (value === undefined) continue;
    if (isIsoDay(value)) selection[side] = value;
    else warnings.push(`“${DRIVERS_PARAMS[side]}=${value}” is not a date as YYYY-MM-DD; ignored.`);
  }
  return { selection, warnings, rest };
}

/** The query string of a drivers selection, to add to a metric page link. */
export function driversSearchParams(selection: DriversSelection): URLSearchParams {
  const params = new URLSearchParams();
  if (selection.grain) params.set(DRIVERS_PARAMS.grain, selection.grain);
  if (selection.from) params.set(DRIVERS_PARAMS.from, selection.from);
  if (selection.to) params.set(DRIVERS_PARAMS.to, selection.to);
  return params;
}
