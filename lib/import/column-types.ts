// Column types of imported data: inferred from the values in a first pass,
// checked value by value in the second. Pure.

export type ColumnType = "integer" | "numeric" | "boolean" | "date" | "timestamp" | "text";

export const SQL_TYPES: Record<ColumnType, string> = {
  integer: "bigint",
  numeric: "numeric",
  boolean: "boolean",
  date: "date",
  timestamp: "timestamptz",
  text: "text",
};

const INTEGER = /^[+-]?\d+$/;
const NUMERIC = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const BOOLEAN = /^(true|false)$/i;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(:(\d{2})(\.\d{1,6})?)?(Z|[+-]\d{2}(:?\d{2})?)?$/;
const BIGINT_MIN = -(2n ** 63n);
const BIGINT_MAX = 2n ** 63n - 1n;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

// Arithmetic, not a Date per value: the first pass checks every cell.
function validDate(y: string, m: string, d: string): boolean {
  const year = Number(y);
  const month = Number(m);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = month === 2 && ((year % 4 === 0 && year % 100 !== 0) || year % 400 === 0);
  return day <= DAYS_IN_MONTH[month - 1]! + (leap ? 1 : 0);
}

function isInteger(v: string): boolean {
  if (!INTEGER.test(v)) return false;
  if (v.length < 18) return true;
  const n = BigInt(v);
  return n >= BIGINT_MIN && n <= BIGINT_MAX;
}

function isDate(v: string): boolean {
  const m = DATE.exec(v);
  return !!m && validDate(m[1]!, m[2]!, m[3]!);
}

function isTimestamp(v: string): boolean {
  const m = TIMESTAMP.exec(v);
  return (
    !!m &&
    validDate(m[1]!, m[2]!, m[3]!) &&
    Number(m[4]) < 24 &&
    Number(m[5]) < 60 &&
    Number(m[7] ?? 0) < 60
  );
}

/** Whether a non-empty value can be stored in a column of type t. */
export function fits(t: ColumnType, v: string): boolean {
  switch (t) {
    case "integer":
      return isInteger(v);
    case "numeric":
      return NUMERIC.test(v) && v.length < 1000;
    case "boolean":
      return BOOLEAN.test(v);
    case "date":
      return isDate(v);
    case "timestamp":
      return isDate(v) || isTimestamp(v);
    case "text":
      return true;
  }
}

/** The narrowest type of one non-empty value. */
export function typeOf(v: string): ColumnType {
  if (isInteger(v)) return "integer";
  if (NUMERIC.test(v) && v.length < 1000) return "numeric";
  if (BOOLEAN.test(v)) return "boolean";
  if (isDate(v)) return "date";
  if (isTimestamp(v)) return "timestamp";
  return "text";
}

/** The narrowest type holding both; null is "no value seen yet". */
export function widen(current: ColumnType | null, v: string): ColumnType {
  if (current === null) return typeOf(v);
  if (current === "text" || fits(current, v)) return current;
  const next = typeOf(v);
  if (
    (current === "integer" && next === "numeric") ||
    (current === "numeric" && next === "integer")
  )
    return "numeric";
  if ((current === "date" && next === "timestamp") || (current === "timestamp" && next === "date"))
    return "timestamp";
  return "text";
}

/** An existing column's information_schema data_type as an import type; null when values go to PostgreSQL unchecked. */
export function columnTypeOfSql(dataType: string): ColumnType | null {
  switch (dataType) {
    case "bigint":
    case "integer":
    case "smallint":
      return "integer";
    case "numeric":
    case "real":
    case "double precision":
      return "numeric";
    case "boolean":
      return "boolean";
    case "date":
      return "date";
    case "timestamp with time zone":
    case "timestamp without time zone":
      return "timestamp";
    case "text":
    case "character varying":
    case "character":
      return "text";
    default:
      return null;
  }
}
