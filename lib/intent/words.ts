// Small phrases shared by the status, delta, anomaly and driver sentences. Pure.
import { z } from "zod";
import { formatPeriod } from "@/lib/metrics/format";
import { type Grain, unitSchema } from "@/lib/metrics/definition-schema";

export const isoDaySchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a day written YYYY-MM-DD");

export const valueFormatSchema = z.object({
  unit: unitSchema,
  currency: z.string().optional(),
});

/** "on Sep 30, 2026", "in the week of Sep 21, 2026", "in September 2026", "in Q3 2026". */
export function periodPhrase(period: string, grain: Grain): string {
  if (grain === "day") return `on ${formatPeriod(period, "day")}`;
  if (grain === "week") return `in the week of ${formatPeriod(period, "day")}`;
  return `in ${formatPeriod(period, grain)}`;
}

const percent = new Intl.NumberFormat("en-US", { style: "percent", maximumFractionDigits: 1 });

/** An unsigned share or change: 0.0561 -> "5.6%", 0.7 -> "70%". */
export const percentText = (fraction: number): string => percent.format(Math.abs(fraction));

/** The grain's own noun: "week over week" reads "week". */
export const GRAIN_NOUNS: Record<Grain, string> = { day: "day", week: "week", month: "month", quarter: "quarter" };
