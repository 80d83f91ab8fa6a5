// The floor: each demo metric as ONE hand-written SELECT over the demo shop's
// tables, returning the same set of rows the pipeline stores (every grain, the
// total and each dimension), with no INSERT and no bookkeeping. Written for
// these tables and these metrics only, independently of lib/metrics/compiler.ts.
// Columns of every query: grain, period, dimension, dimension_value, value.

const PAID_ORDERS = `SELECT ordered_at, country, platform, amount, user_id FROM orders WHERE status = 'paid'`;

/** Labels a grouping-sets row: '' for the total, else the dimension grouped on. */
const SLICE = `CASE WHEN GROUPING(country) = 0 THEN 'country' WHEN GROUPING(platform) = 0 THEN 'platform' ELSE '' END AS dimension,
  CASE WHEN GROUPING(country) = 0 THEN country WHEN GROUPING(platform) = 0 THEN platform ELSE '' END AS dimension_value`;

interface Aggregation {
  /** Aggregates per day and every dimension at once (the first stage), when the function composes. */
  daily?: string;
  /** The value per grouping set: over `daily`'s outputs when given, else over the source's rows. */
  value: string;
}

/**
 * Every grain crossed with the total and each dimension: two grouping-set
 * lists in one GROUP BY give their cross product, 4 x 3 = 12 sets. Functions
 * that compose (count, sum, max, avg as sum and count) first collapse the
 * source to one row per day, country and platform, so the twelve sets group
 * tens of thousands of rows instead of every source row.
 */
function perPeriod(aggregation: Aggregation, source: string, timeColumn: string): string {
  const rows = aggregation.daily
    ? `SELECT ${timeColumn}::date AS day, country, platform, ${aggregation.daily} FROM (${source}) t GROUP BY 1, 2, 3`
    : `SELECT ${timeColumn}::date AS day, t.* FROM (${source}) t`;
  return `SELECT CASE WHEN GROUPING(day) = 0 THEN 'day' WHEN GROUPING(week) = 0 THEN 'week' WHEN GROUPING(month) = 0 THEN 'month' ELSE 'quarter' END AS grain,
  COALESCE(day, week, month, quarter) AS period,
  ${SLICE},
  (${aggregation.value})::float8 AS value
FROM (
  SELECT r.*,
    date_trunc('week', r.day::timestamp)::date AS week,
    date_trunc('month', r.day::timestamp)::date AS month,
    date_trunc('quarter', r.day::timestamp)::date AS quarter
  FROM (${rows}) r
) x
GROUP BY GROUPING SETS (day, week, month, quarter), GROUPING SETS ((), country, platform)`;
}

/**
 * `daily` (dimension, dimension_value, day, value) is a series on every day
 * from bounds.lo to bounds.hi; coarser grains take the value on the period's
 * last day, or on bounds.hi for the period still running.
 */
const SNAPSHOTS = `SELECT 'day' AS grain, day AS period, dimension, dimension_value, value FROM daily
UNION ALL
SELECT p.grain, date_trunc(p.grain, daily.day::timestamp)::date, dimension, dimension_value, value
FROM daily
CROSS JOIN bounds
CROSS JOIN (VALUES ('week', interval '1 week'), ('month', interval '1 month'), ('quarter', interval '3 months')) AS p (grain, length)
WHERE daily.day = LEAST((date_trunc(p.grain, daily.day::timestamp) + p.length - interval '1 day')::date, bounds.hi)`;

/**
 * `perDay` (dimension, dimension_value, day, <columns>) with a row on every
 * day from bounds.lo to bounds.hi for every slice: zero rows appended and
 * grouped away, which stays linear where a calendar LEFT JOIN can be planned
 * as a merge on the slice alone (days x days per slice).
 */
const everyDay = (perDay: string, columns: string[]) => `SELECT dimension, dimension_value, day, ${columns.map((c) => `sum(${c}) AS ${c}`).join(", ")}
  FROM (
    SELECT dimension, dimension_value, day, ${columns.join(", ")} FROM ${perDay}
    UNION ALL
    SELECT sl.dimension, sl.dimension_value, cal.day, ${columns.map(() => "0").join(", ")}
    FROM (SELECT DISTINCT dimension, dimension_value FROM ${perDay}) sl
    CROSS JOIN bounds
    CROSS JOIN LATERAL (SELECT at::date AS day FROM generate_series(bounds.lo::timestamp, bounds.hi::timestamp, interval '1 day') AS at) cal
  ) x
  GROUP BY dimension, dimension_value, day`;

/**
 * Distinct users with a session in the trailing `days` days, at every day.
 * After an active day a a user counts on days a .. a + days - 1, so per slice
 * and user, active days at most `days` apart chain into one island that
 * starts on its first day and stops counting `days` days after its last. One
 * pass over sessions, ordered by user then day (each slice is a window on
 * that order), marks island starts and ends; a session on an already active
 * day is neither. Then count(day) = starts up to day - ends up to day - days.
 */
function trailingActiveUsers(days: number): string {
  const mark = (w: string) => `started_at::date - lag(started_at::date) OVER ${w} AS since_${w}, lead(started_at::date) OVER ${w} - started_at::date AS until_${w}`;
  const bySlice = (edge: "since" | "until") =>
    `CASE WHEN GROUPING(country) = 0 THEN count(*) FILTER (WHERE ${edge}_by_country IS NULL OR ${edge}_by_country > ${days})
      WHEN GROUPING(platform) = 0 THEN count(*) FILTER (WHERE ${edge}_by_platform IS NULL OR ${edge}_by_platform > ${days})
      ELSE count(*) FILTER (WHERE ${edge}_by_user IS NULL OR ${edge}_by_user > ${days}) END`;
  return `WITH marks AS (
  SELECT started_at::date AS day, country, platform, ${mark("by_user")}, ${mark("by_country")}, ${mark("by_platform")}
  FROM sessions
  WINDOW by_user AS (PARTITION BY user_id ORDER BY started_at::date),
    by_country AS (PARTITION BY user_id, country ORDER BY started_at::date),
    by_platform AS (PARTITION BY user_id, platform ORDER BY started_at::date)
), islands AS (
  SELECT day, ${SLICE}, ${bySlice("since")} AS starts, ${bySlice("until")} AS ends
  FROM marks
  GROUP BY day, GROUPING SETS ((), country, platform)
), bounds AS (
  SELECT min(started_at)::date AS lo, max(started_at)::date AS hi FROM sessions
), running AS (
  SELECT dimension, dimension_value, day, sum(starts) OVER w AS started, sum(ends) OVER w AS ended
  FROM (${everyDay("islands", ["starts", "ends"])}) d
  WINDOW w AS (PARTITION BY dimension, dimension_value ORDER BY day)
), daily AS (
  -- The calendar has every day, so ${days} rows back is ${days} days back.
  SELECT dimension, dimension_value, day,
    (started - lag(ended, ${days}, 0) OVER (PARTITION BY dimension, dimension_value ORDER BY day))::float8 AS value
  FROM running
)
${SNAPSHOTS}`;
}

const TOTAL_SIGNUPS = `WITH signups AS (
  SELECT created_at::date AS day, ${SLICE}, count(*) AS n
  FROM users
  GROUP BY created_at::date, GROUPING SETS ((), country, platform)
), bounds AS (
  SELECT min(created_at)::date AS lo, max(created_at)::date AS hi FROM users
), daily AS (
  SELECT dimension, dimension_value, day, (sum(n) OVER (PARTITION BY dimension, dimension_value ORDER BY day))::float8 AS value
  FROM (${everyDay("signups", ["n"])}) d
)
${SNAPSHOTS}`;

/** A composed metric over its inputs' stored points, matched on every key but the metric. */
function quotient(numerator: string, denominator: string): string {
  return `SELECT n.grain, n.period, n.dimension, n.dimension_value, n.value / NULLIF(d.value, 0) AS value
FROM metric_value n
JOIN metric_value d USING (grain, period, dimension, dimension_value)
WHERE n.metric_key = '${numerator}' AND d.metric_key = '${denominator}'`;
}

const COUNT: Aggregation = { daily: "count(*) AS n", value: "sum(n)" };
const SUM_AMOUNT: Aggregation = { daily: "sum(amount) AS amount", value: "sum(amount)" };

/** Hand-written floor SQL by demo metric key. */
export const FLOOR_QUERIES: Readonly<Record<string, string>> = {
  revenue: perPeriod(SUM_AMOUNT, PAID_ORDERS, "ordered_at"),
  orders: perPeriod(COUNT, PAID_ORDERS, "ordered_at"),
  average_order_value: perPeriod({ daily: "sum(amount) AS amount, count(*) AS n", value: "sum(amount) / sum(n)" }, PAID_ORDERS, "ordered_at"),
  // A distinct count does not compose over days: one stage, over the paid orders.
  buyers: perPeriod({ value: "count(DISTINCT user_id)" }, PAID_ORDERS, "ordered_at"),
  largest_order: perPeriod({ daily: "max(amount) AS amount", value: "max(amount)" }, PAID_ORDERS, "ordered_at"),
  refunds: perPeriod(COUNT, `SELECT refunded_at, country, platform FROM refunds`, "refunded_at"),
  sessions: perPeriod(COUNT, `SELECT started_at, country, platform FROM sessions`, "started_at"),
  signups: perPeriod(COUNT, `SELECT created_at, country, platform FROM users`, "created_at"),
  total_signups: TOTAL_SIGNUPS,
  dau: trailingActiveUsers(1),
  wau: trailingActiveUsers(7),
  mau: trailingActiveUsers(30),
  conversion_rate: quotient("orders", "sessions"),
  refund_rate: quotient("refunds", "orders"),
  arpu: quotient("revenue", "mau"),
};
