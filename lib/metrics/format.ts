// Numbers and periods as people read them. Pure, and pinned to en-US and UTC so
// the server and the browser render the same text.
import type { Grain, Unit } from "./definition-schema";

export interface ValueFormat {
  unit: Unit;
  /** ISO 4217 code, for unit currency. */
  currency?: string;
}

/** `full` for tables and tooltips; `compact` (1.2M, but $950.00) for tiles; `axis` (1.2M, $950, $0) for chart ticks. */
export type FormatStyle = "full" | "compact" | "axis";

export const NO_VALUE = "—";

const LOCALE = "en-US";

const numberFormats = new Map<string, Intl.NumberFormat>();

function numberFormat(options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const id = JSON.stringify(options);
  let format = numberFormats.get(id);
  if (!format) {
    format = new Intl.NumberFormat(LOCALE, options);
    numberFormats.set(id, format);
  }
  return format;
}

function formatSeconds(seconds: number, style: "full" | "compact"): string {
  const sign = seconds < 0 ? "-" : "";
  const s = Math.abs(seconds);
  if (s < 60) return `${sign}${numberFormat({ maximumFractionDigits: 1 }).format(s)} s`;
  if (style === "compact") {
    return s < 3600
      ? `${sign}${numberFormat({ maximumFractionDigits: 1 }).format(s / 60)} min`
      : `${sign}${numberFormat({ maximumFractionDigits: 1 }).format(s / 3600)} h`;
  }
  const total = Math.round(s);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const rest = total % 60;
  return hours > 0 ? `${sign}${numberFormat({}).format(hours)} h ${minutes} min` : `${sign}${minutes} min ${rest} s`;
}

const compact = { notation: "compact", maximumFractionDigits: 1 } as const;

/** A stored value in its unit; percent values are stored as fractions (0.25 is 25.0%). */
export function formatValue(value: number | null | undefined, format: ValueFormat, style: FormatStyle = "full"): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return NO_VALUE;
  // A tile's compact form only saves space from thousands up; below that it would just drop cents.
  if (style === "compact" && Math.abs(value) < 1000 && format.unit !== "seconds") style = "full";
  const short = style !== "full";
  switch (format.unit) {
    case "currency":
      if (!format.currency) return numberFormat(short ? { ...compact, maximumFractionDigits: 2 } : { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value);
      return numberFormat(
        short
          ? { style: "currency", currency: format.currency, ...compact, minimumFractionDigits: 0, maximumFractionDigits: Math.abs(value) < 10 ? 2 : 1 }
          : { style: "currency", currency: format.currency },
      ).format(value);
    case "percent":
      return numberFormat({ style: "percent", minimumFractionDigits: style === "axis" ? 0 : 1, maximumFractionDigits: 1 }).format(value);
    case "count":
    case "users":
      return numberFormat(short ? compact : { maximumFractionDigits: 0 }).format(value);
    case "ratio":
    case "number":
      return numberFormat(short ? { ...compact, maximumFractionDigits: 2 } : { maximumFractionDigits: 2 }).format(value);
    case "seconds":
      return formatSeconds(value, short ? "compact" : "full");
  }
}

const dateFormats = {
  dayLong: new Intl.DateTimeFormat(LOCALE, { timeZone: "UTC", year: "numeric", month: "short", day: "numeric" }),
  dayShort: new Intl.DateTimeFormat(LOCALE, { timeZone: "UTC", year: "2-digit", month: "short", day: "numeric" }),
  monthLong: new Intl.DateTimeFormat(LOCALE, { timeZone: "UTC", year: "numeric", month: "long" }),
  monthShort: new Intl.DateTimeFormat(LOCALE, { timeZone: "UTC", year: "numeric", month: "short" }),
};

/** A bucket by its start date (YYYY-MM-DD, UTC): "Mar 4, 2025", "Week of Mar 3, 2025", "March 2025", "Q1 2025". */
export function formatPeriod(period: string, grain: Grain, style: "long" | "short" = "long"): string {
  const date = new Date(`${period}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return period;
  switch (grain) {
    case "day":
      return (style === "long" ? dateFormats.dayLong : dateFormats.dayShort).format(date);
    case "week":
      return style === "long" ? `Week of ${dateFormats.dayLong.format(date)}` : dateFormats.dayShort.format(date);
    case "month":
      return (style === "long" ? dateFormats.monthLong : dateFormats.monthShort).format(date);
    case "quarter":
      return `Q${Math.floor(date.getUTCMonth() / 3) + 1} ${date.getUTCFullYear()}`;
  }
}

/** Relative change from `previous` to `current`, or null when it has no meaning. */
export function relativeChange(current: number | null, previous: number | null): number | null {
  if (current === null || previous === null || previous === 0 || !Number.isFinite(current) || !Number.isFinite(previous)) return null;
  return (current - previous) / Math.abs(previous);
}

/** "+3.2%", "-8.0%", "0.0%". */
export function formatChange(change: number | null): string {
  if (change === null) return NO_VALUE;
  const text = numberFormat({ style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(Math.abs(change));
  if (text === "0.0%") return text;
  return `${change > 0 ? "+" : "-"}${text}`;
}

/** An instant as "2025-03-04 13:05 UTC". */
export function formatInstant(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

const UNIT_LABELS: Record<Unit, string> = {
  count: "Count",
  currency: "Currency",
  percent: "Percent",
  ratio: "Ratio",
  users: "Users",
  number: "Number",
  seconds: "Seconds",
};

/** "Currency (USD)", "Percent", "Users". */
export function formatUnit(format: ValueFormat): string {
  const label = UNIT_LABELS[format.unit];
  return format.unit === "currency" && format.currency ? `${label} (${format.currency})` : label;
}

const KIND_LABELS: Record<string, string> = {
  aggregate: "Aggregate",
  rolling_distinct: "Rolling distinct",
  cumulative: "Cumulative",
  ratio: "Ratio",
  derived: "Derived",
};

/** "Rolling distinct" for rolling_distinct; unknown kinds as written. */
export const formatKind = (kind: string): string => KIND_LABELS[kind] ?? kind;

const DIRECTION_LABELS: Record<string, string> = {
  higher_is_better: "Higher is better",
  lower_is_better: "Lower is better",
  neutral: "Neutral",
};

export const formatDirection = (direction: string): string => DIRECTION_LABELS[direction] ?? direction;

/** "day" -> "days", for counts of periods. */
export const GRAIN_PLURALS: Record<Grain, string> = { day: "days", week: "weeks", month: "months", quarter: "quarters" };
