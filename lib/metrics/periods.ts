// Calendar arithmetic on UTC days and grain buckets, as the warehouse buckets
// them (PostgreSQL date_trunc: weeks start on Monday, quarters in Jan/Apr/Jul/Oct).
// Pure. Days are YYYY-MM-DD strings throughout.
import type { Grain } from "./definition-schema";

const DAY_MS = 86_400_000;

const toDate = (day: string) => new Date(`${day}T00:00:00Z`);
const toDay = (date: Date) => date.toISOString().slice(0, 10);

/** Whether `day` is a real calendar date written YYYY-MM-DD. */
export function isIsoDay(day: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(day) && !Number.isNaN(toDate(day).getTime()) && toDay(toDate(day)) === day;
}

/** The UTC day of an instant. */
export const dayOf = (instant: Date): string => toDay(instant);

export function addDays(day: string, days: number): string {
  return toDay(new Date(toDate(day).getTime() + days * DAY_MS));
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((toDate(to).getTime() - toDate(from).getTime()) / DAY_MS);
}

/** `months` calendar months later, the day clamped to the target month's length (Mar 31 - 1 month = Feb 28). */
export function addMonths(day: string, months: number): string {
  const d = toDate(day);
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), lastDay));
  return toDay(target);
}

/** The first day of the bucket of `grain` that contains `day`. */
export function bucketStart(day: string, grain: Grain): string {
  const d = toDate(day);
  switch (grain) {
    case "day":
      return day;
    case "week":
      // getUTCDay: Sunday 0 ... Saturday 6; weeks start on Monday.
      return addDays(day, -((d.getUTCDay() + 6) % 7));
    case "month":
      return toDay(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1)));
    case "quarter":
      return toDay(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - (d.getUTCMonth() % 3), 1)));
  }
}

/** The bucket start `n` buckets after the bucket starting at `period` (before, for negative n). */
export function addPeriods(period: string, grain: Grain, n: number): string {
  switch (grain) {
    case "day":
      return addDays(period, n);
    case "week":
      return addDays(period, 7 * n);
    case "month":
      return addMonths(period, n);
    case "quarter":
      return addMonths(period, 3 * n);
  }
}

/** How many buckets of `grain` start between the buckets of `from` and `to`, both included; 0 when `to` is before `from`. */
export function countPeriods(from: string, to: string, grain: Grain): number {
  const first = bucketStart(from, grain);
  const last = bucketStart(to, grain);
  if (last < first) return 0;
  const a = toDate(first);
  const b = toDate(last);
  switch (grain) {
    case "day":
      return daysBetween(first, last) + 1;
    case "week":
      return daysBetween(first, last) / 7 + 1;
    case "month":
      return (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + b.getUTCMonth() - a.getUTCMonth() + 1;
    case "quarter":
      return ((b.getUTCFullYear() - a.getUTCFullYear()) * 12 + b.getUTCMonth() - a.getUTCMonth()) / 3 + 1;
  }
}

/**
 * The bucket a year before the bucket starting at `period`: the same calendar
 * day, month or quarter; for weeks, 52 weeks earlier, so Monday stays Monday
 * and weekly seasonality lines up.
 */
export function yearEarlier(period: string, grain: Grain): string {
  return grain === "week" ? addDays(period, -364) : addMonths(period, -12);
}
