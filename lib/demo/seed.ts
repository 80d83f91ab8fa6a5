import "server-only";
import type { SqlClient, SqlExecutor } from "@/lib/db/sql-client";

// The demo shop's source tables (users, sessions, orders, refunds), generated
// inside the database by set-based SQL. Every pseudo-random number is a hash
// of (row key, salt), and only exact integer arithmetic, +, -, *, / and sqrt
// on float8 (all correctly rounded in IEEE 754) turn them into values, so
// PGlite (WebAssembly) and native PostgreSQL produce the same rows, whatever
// the plan. No random(), no libm exp/ln/pow.

/** Two years of data, inclusive days, UTC. */
export const DEMO_RANGE = { from: "2024-10-01", to: "2026-09-30" } as const;

/** The events planted in the demo data, for tests and chart annotations. */
export const DEMO_EVENTS = {
  marketingLaunch: {
    date: "2025-09-15",
    title: "Marketing launch",
    description:
      "A campaign starts: signups jump about 3.5x and decay over two weeks to a level about 1.45x the trend, " +
      "sessions spike, and new users arrive through the launch_campaign channel.",
    /** Days after the launch date during which the jump decays. */
    decayDays: 14,
  },
  outage: {
    date: "2026-03-12",
    title: "Outage",
    description:
      "The shop was down most of the day: signups, sessions and orders fall to about 30% of normal.",
    /** Share of a normal day's traffic that got through. */
    trafficShare: 0.3,
  },
  duplicatedLoad: {
    date: "2026-06-18",
    title: "Orders loaded twice",
    description:
      "The nightly ETL retried the day's load without removing the first one: every order of that day is in " +
      "`orders` twice, with the same order_id, once in each batch.",
    batch: "etl-2026-06-18",
    retryBatch: "etl-2026-06-18-retry",
  },
} as const;

/** Approximate number of source rows (all four tables) at the default scale. */
export const DEFAULT_SEED_SCALE = 1_500_000;

export interface SeedOptions {
  /** Approximate total number of source rows wanted; counts scale proportionally. */
  scale?: number;
  /** Hears each step's duration in milliseconds, for progress output. */
  onStep?: (step: SeedStep, ms: number) => void;
}

const TABLES = ["users", "sessions", "orders", "refunds"] as const;

export type SeedStep = "prepare" | (typeof TABLES)[number] | "indexes" | "analyze";

export interface SeedReport {
  users: number;
  sessions: number;
  orders: number;
  refunds: number;
  totalRows: number;
  ms: number;
}

const DAY_MS = 86_400_000;
const dayIndex = (isoDate: string) =>
  (Date.parse(`${isoDate}T00:00:00Z`) - Date.parse(`${DEMO_RANGE.from}T00:00:00Z`)) / DAY_MS;

/** Number of days in DEMO_RANGE (730). */
const DAYS = dayIndex(DEMO_RANGE.to) + 1;
const LAUNCH_DAY = dayIndex(DEMO_EVENTS.marketingLaunch.date);
const OUTAGE_DAY = dayIndex(DEMO_EVENTS.outage.date);
const START = `TIMESTAMP '${DEMO_RANGE.from} 00:00:00'`;
const END = `TIMESTAMP '${DEMO_RANGE.from} 00:00:00' + INTERVAL '${DAYS} days'`;

// Users per source row, measured: 122k users give ~1.5M rows in all.
const USERS_PER_SOURCE_ROW = 0.0813;
// Session keys are user_id * 1000 + n and must stay below 2^31 for the hash.
const SESSION_KEY_STRIDE = 1000;
const MAX_USERS = Math.floor((2 ** 31 - 1) / SESSION_KEY_STRIDE) - 1;
const FIRST_ORDER_ID = 100_001;
const FIRST_REFUND_ID = 500_001;

// ------------------------------------------------------------------ hashing

// A 31-bit variant of murmur3's fmix32: every step is a bijection on
// [0, 2^31), and each product is below 2^31 * 2^32 = 2^63, so bigint never
// overflows. Keys must be in [0, 2^31).
const M31 = 2147483647n;
const KEY_MUL = 2654435761n;
const SALT_MUL = 1597334677n;
const MIX1 = 2246822507n;
const MIX2 = 3266489909n;

interface Draw {
  /** Output column: a uniform float8 in [0, 1). */
  name: string;
  /** A bigint expression in [0, 2^31) over the source's columns. */
  key: string;
  /** Distinct per draw, so draws on the same key are independent. */
  salt: number;
}

/**
 * Wraps `source` so that each draw becomes a column. Each mixing round is its
 * own subquery level behind OFFSET 0, which the planner never flattens: every
 * intermediate is computed once per row instead of once per reference.
 */
function withUniforms(source: string, columns: readonly string[], draws: readonly Draw[]): string {
  const keep = columns.join(", ");
  const h0 = (d: Draw) =>
    `((((${d.key})::bigint * ${KEY_MUL}) & ${M31}) # ${(BigInt(d.salt) * SALT_MUL) & M31})`;
  const round1 = draws.map(
    (d) => `((${h0(d)} # (${h0(d)} >> 16)) * ${MIX1}) & ${M31} AS h_${d.name}`,
  );
  const round2 = draws.map(
    (d) => `((h_${d.name} # (h_${d.name} >> 13)) * ${MIX2}) & ${M31} AS h_${d.name}`,
  );
  const final = draws.map(
    (d) => `(h_${d.name} # (h_${d.name} >> 16))::float8 / 2147483648::float8 AS ${d.name}`,
  );
  return `SELECT ${keep}, ${final.join(", ")}
FROM (SELECT ${keep}, ${round2.join(", ")}
  FROM (SELECT ${keep}, ${round1.join(", ")}
    FROM (${source}) AS src OFFSET 0) AS mix1 OFFSET 0) AS mix2 OFFSET 0`;
}

/** A CASE that picks a label with the given weights (in any unit) from a uniform. */
function pick(uniform: string, weighted: readonly (readonly [string, number])[]): string {
  const total = weighted.reduce((s, [, w]) => s + w, 0);
  let cumulative = 0;
  const arms = weighted.slice(0, -1).map(([label, w]) => {
    cumulative += w;
    return `WHEN ${uniform} < ${(cumulative / total).toFixed(6)} THEN '${label}'`;
  });
  return `CASE ${arms.join(" ")} ELSE '${weighted[weighted.length - 1]![0]}' END`;
}

// ------------------------------------------------------------------ the shop

// code, weight (per mille), UTC offset in hours, share of web, share of ios
const COUNTRIES = [
  ["US", 320, -6, 0.45, 0.38],
  ["GB", 120, 0, 0.45, 0.35],
  ["DE", 100, 1, 0.5, 0.25],
  ["IN", 100, 5.5, 0.35, 0.08],
  ["BR", 80, -3, 0.4, 0.12],
  ["FR", 80, 1, 0.5, 0.28],
  ["KR", 60, 9, 0.35, 0.25],
  ["CA", 50, -5, 0.45, 0.35],
  ["JP", 40, 9, 0.4, 0.42],
  ["ES", 30, 1, 0.5, 0.2],
  ["AU", 20, 10, 0.45, 0.35],
] as const;

const CHANNELS = [
  ["organic", 45],
  ["paid_search", 25],
  ["social", 15],
  ["referral", 10],
  ["affiliate", 5],
] as const;

const byCountry = (column: string, value: (c: (typeof COUNTRIES)[number]) => string) =>
  `CASE ${column} ${COUNTRIES.map((c) => `WHEN '${c[0]}' THEN ${value(c)}`).join(" ")} END`;

/**
 * A time of day as a fraction of the UTC day, from one uniform: triangular
 * around 15:00 local time (quietest at 03:00), shifted by the country's UTC
 * offset (a fraction of a day) and wrapped so it stays on the same UTC date.
 */
const timeOfDay = (utcOffset: string, u: string) =>
  `(1.125 + CASE WHEN ${u} < 0.5 THEN sqrt(${u} / 2) ELSE 1 - sqrt((1 - ${u}) / 2) END - ${utcOffset})`;
const utcOffsetOf = (countryColumn: string) =>
  byCountry(countryColumn, (c) => `${c[2] / 24}::float8`);
const wrappedMs = (fraction: string) => `floor((${fraction} - floor(${fraction})) * ${DAY_MS})`;

/**
 * Per-day factors (d = 0 .. DAYS-1): signup weight as an integer (so cumulative
 * sums are exact), the launch's share of signups, and the probability that a
 * returning user's session on that day happens.
 */
function daysCte(): string {
  const L = LAUNCH_DAY;
  const decay = DEMO_EVENTS.marketingLaunch.decayDays;
  const source = `SELECT d, ((d + 1) % 7) + 1 AS isodow FROM generate_series(0, ${DAYS - 1}) AS d`;
  const noisy = withUniforms(
    source,
    ["d", "isodow"],
    [
      { name: "n_signup", key: "d", salt: 11 },
      { name: "n_session", key: "d", salt: 12 },
    ],
  );
  return `days AS MATERIALIZED (
  SELECT d,
    round(1e6 * growth * week * launch_signup * outage * (0.9 + 0.2 * n_signup))::bigint AS w_signup,
    (launch_signup - 1) / launch_signup AS launch_share,
    LEAST(1, 0.7 * week * launch_session * outage * (0.95 + 0.1 * n_session)) AS p_session
  FROM (SELECT d, n_signup, n_session,
      1 + 1.6 * d::float8 / ${DAYS - 1} AS growth,
      CASE isodow WHEN 6 THEN 0.7 WHEN 7 THEN 0.76 ELSE 1 END AS week,
      CASE WHEN d < ${L} THEN 1.0 WHEN d < ${L + decay} THEN 1.45 + 2.05 * (${L + decay} - d)::float8 / ${decay} ELSE 1.45 END
        AS launch_signup,
      CASE WHEN d < ${L} THEN 1.0 WHEN d < ${L + decay} THEN 1 + 0.35 * (${L + decay} - d)::float8 / ${decay} ELSE 1.0 END
        AS launch_session,
      CASE WHEN d = ${OUTAGE_DAY} THEN ${DEMO_EVENTS.outage.trafficShare} ELSE 1.0 END AS outage
    FROM (${noisy}) AS n) AS f
)`;
}

/** Users sign up in id order; each day gets its exact share of the total by integer cumulative weights. */
function insertUsers(userCount: number): string {
  const ranges = `SELECT d, launch_share,
      ${userCount} * (cumulative - w_signup) / total + 1 AS lo,
      ${userCount} * cumulative / total AS hi
    FROM (SELECT d, launch_share, w_signup,
        (sum(w_signup) OVER (ORDER BY d))::bigint AS cumulative, (sum(w_signup) OVER ())::bigint AS total
      FROM days) AS w`;
  const source = `SELECT id, r.d, r.launch_share FROM (${ranges}) AS r CROSS JOIN LATERAL generate_series(r.lo, r.hi) AS id`;
  const drawn = withUniforms(
    source,
    ["id", "d", "launch_share"],
    [
      { name: "u_country", key: "id", salt: 21 },
      { name: "u_platform", key: "id", salt: 22 },
      { name: "u_channel", key: "id", salt: 23 },
      { name: "u_time", key: "id", salt: 24 },
    ],
  );
  const withCountry = `SELECT id, d, launch_share, u_platform, u_channel, u_time,
      ${pick(
        "u_country",
        COUNTRIES.map((c) => [c[0], c[1]] as const),
      )} AS country
    FROM (${drawn}) AS u OFFSET 0`;
  const channel = `CASE WHEN u_channel < launch_share THEN 'launch_campaign'
      ELSE ${pick("((u_channel - launch_share) / (1 - launch_share))", CHANNELS)} END`;
  return `WITH ${daysCte()}
INSERT INTO users (id, created_at, email, country, platform, acquisition_channel)
SELECT id,
  ${START} + ((d::bigint * ${DAY_MS} + ${wrappedMs(timeOfDay(utcOffsetOf("country"), "u_time"))}) * INTERVAL '1 millisecond'),
  'user' || id || '@example.com',
  country,
  CASE WHEN u_platform < ${byCountry("country", (c) => `${c[3]}::float8`)} THEN 'web'
       WHEN u_platform < ${byCountry("country", (c) => `${(c[3] + c[4]).toFixed(2)}::float8`)} THEN 'ios'
       ELSE 'android' END,
  ${channel}
FROM (${withCountry}) AS u`;
}

/**
 * Every user has a first session at signup, then returns some more times: the
 * gap in days follows a Lomax (Pareto II, shape 2) law with a per-user scale,
 * so activity decays with time since signup. Gaps are drawn from that law
 * truncated at the end of the range, and the number of returns is scaled by
 * the share of the law inside it, so no candidate is wasted past the end. A
 * return on day d happens with that day's probability (weekday, launch, outage).
 * sessions.id is user_id * 1000 + the visit's number (1 for the signup visit).
 */
function insertSessions(): string {
  const engaged = withUniforms(
    `SELECT id, created_at, country, platform FROM users`,
    ["id", "created_at", "country", "platform"],
    [
      { name: "e_segment", key: "id", salt: 31 },
      { name: "e_count", key: "id", salt: 32 },
      { name: "e_scale", key: "id", salt: 33 },
      { name: "e_round", key: "id", salt: 34 },
    ],
  );
  // Three kinds of user: one-visit bouncers, casual and loyal customers.
  const profiled = `SELECT id, created_at, country, platform, e_round, ${utcOffsetOf("country")} AS utc_offset,
      (created_at::date - DATE '${DEMO_RANGE.from}') AS signup_day,
      ${DAYS - 1} - (created_at::date - DATE '${DEMO_RANGE.from}') AS days_left,
      CASE WHEN e_segment < 0.42 THEN floor(3 * e_count)
           WHEN e_segment < 0.8 THEN 3 + floor(20 * e_count)
           ELSE 29 + floor(100 * e_count) END AS returns,
      CASE WHEN e_segment < 0.42 THEN 2 + 6 * e_scale
           WHEN e_segment < 0.8 THEN 15 + 45 * e_scale
           ELSE 120 + 300 * e_scale END AS gap_scale
    FROM (${engaged}) AS e OFFSET 0`;
  // reach: the Lomax CDF at days_left, 1 - (1 + x/scale)^-2.
  const reached = `SELECT id, created_at, country, platform, utc_offset, signup_day, gap_scale, e_round, returns,
      1 - 1 / ((1 + days_left / gap_scale) * (1 + days_left / gap_scale)) AS reach
    FROM (${profiled}) AS p OFFSET 0`;
  const candidates = withUniforms(
    `SELECT id * ${SESSION_KEY_STRIDE} + n AS sid, id AS user_id, created_at, country, platform, utc_offset, signup_day,
       gap_scale, reach, n
     FROM (SELECT r.*, generate_series(1, 1 + floor(returns * reach + e_round)::int) AS n FROM (${reached}) AS r) AS visits`,
    [
      "sid",
      "user_id",
      "created_at",
      "country",
      "platform",
      "utc_offset",
      "signup_day",
      "gap_scale",
      "reach",
      "n",
    ],
    [
      { name: "s_gap", key: "sid", salt: 41 },
      { name: "s_happens", key: "sid", salt: 42 },
    ],
  );
  const dated = `SELECT sid, user_id, created_at, country, platform, utc_offset, n, s_happens,
      CASE WHEN n = 1 THEN signup_day
           ELSE signup_day + 1 + floor(gap_scale * (1 / sqrt(1 - s_gap * reach) - 1))::int END AS day
    FROM (${candidates}) AS c OFFSET 0`;
  // An array indexed by day is much cheaper than a join on 2M rows.
  const kept = `SELECT sid, user_id, created_at, country, platform, utc_offset, n, day
    FROM (${dated}) AS s
    WHERE day < ${DAYS} AND (n = 1 OR s_happens < (SELECT array_agg(p_session ORDER BY d) FROM days)[day + 1])`;
  const drawn = withUniforms(
    kept,
    ["sid", "user_id", "created_at", "country", "platform", "utc_offset", "n", "day"],
    [
      { name: "s_time", key: "sid", salt: 43 },
      { name: "s_duration", key: "sid", salt: 45 },
      { name: "s_device", key: "sid", salt: 46 },
    ],
  );
  return `WITH ${daysCte()}
INSERT INTO sessions (id, user_id, started_at, country, platform, duration_s)
SELECT sid, user_id,
  CASE WHEN n = 1 THEN created_at
       ELSE ${START} + ((day::bigint * ${DAY_MS} + ${wrappedMs(timeOfDay("utc_offset", "s_time"))}) * INTERVAL '1 millisecond') END,
  country,
  CASE WHEN n = 1 OR s_device < 0.85 THEN platform
       WHEN platform <> 'web' THEN 'web'
       WHEN s_device < 0.93 THEN 'ios'
       ELSE 'android' END,
  (10 + floor(240 * (1 / sqrt(1 - 0.999 * s_duration) - 1)))::int
FROM (${drawn}) AS s`;
}

/**
 * About 3% of sessions end in an order, more often on the apps and in longer
 * sessions. Amounts are a product of independent factors (log-normal-ish,
 * median about $60, mean about $70); orders in the last hours of the last day may still be pending.
 * The duplicated day is loaded a second time under the retry batch.
 */
function insertOrders(): string {
  const sessions = withUniforms(
    `SELECT id, user_id, started_at, duration_s, country, platform FROM sessions`,
    ["id", "user_id", "started_at", "duration_s", "country", "platform"],
    [{ name: "o_converts", key: "id", salt: 51 }],
  );
  const converting = `SELECT id, user_id, started_at, duration_s, country, platform FROM (${sessions}) AS s
    WHERE o_converts < CASE platform WHEN 'ios' THEN 0.058::float8 WHEN 'android' THEN 0.045 ELSE 0.042 END
      * (0.2 + 1.6 * LEAST(duration_s, 600)::float8 / 600)`;
  const drawn = withUniforms(
    converting,
    ["id", "user_id", "started_at", "duration_s", "country", "platform"],
    [
      { name: "o_at", key: "id", salt: 52 },
      { name: "o_a1", key: "id", salt: 53 },
      { name: "o_a2", key: "id", salt: 54 },
      { name: "o_a3", key: "id", salt: 55 },
      { name: "o_pending", key: "id", salt: 56 },
      { name: "o_cancelled", key: "id", salt: 57 },
    ],
  );
  const basket = byCountry(
    "country",
    (c) =>
      `${({ IN: 0.6, BR: 0.75, KR: 1.1, JP: 1.1 } as Record<string, number>)[c[0]] ?? 1}::float8`,
  );
  const placed = `SELECT id AS session_id, user_id, country, platform, o_pending, o_cancelled,
      started_at + (floor((30 + o_at * GREATEST(duration_s - 30, 0)) * 1000) * INTERVAL '1 millisecond') AS ordered_at,
      (round(100 * ${basket} * (8 + 30 * (0.3 + o_a1 + o_a2) / sqrt(1 - 0.96 * o_a3)))::bigint)::numeric / 100 AS amount
    FROM (${drawn}) AS o`;
  const dup = DEMO_EVENTS.duplicatedLoad;
  return `WITH numbered AS (
  SELECT ${FIRST_ORDER_ID - 1} + row_number() OVER (ORDER BY ordered_at, session_id) AS order_id,
    user_id, ordered_at, amount, country, platform,
    CASE WHEN ordered_at > ${END} - (1 - o_pending) * INTERVAL '8 hours' THEN 'pending'
         WHEN o_cancelled < 0.045 THEN 'cancelled'
         ELSE 'paid' END AS status
  FROM (${placed}) AS p
  WHERE ordered_at < ${END}
), loaded AS (
  SELECT numbered.*, 'etl-' || to_char(ordered_at, 'YYYY-MM-DD') AS load_batch, 0 AS retry FROM numbered
  UNION ALL
  SELECT numbered.*, '${dup.retryBatch}', 1 FROM numbered
  WHERE ordered_at >= DATE '${dup.date}' AND ordered_at < DATE '${dup.date}' + 1
)
INSERT INTO orders (order_id, user_id, ordered_at, amount, status, country, platform, load_batch)
SELECT order_id, user_id, ordered_at, amount, status, country, platform, load_batch
FROM loaded
ORDER BY ordered_at::date, retry, ordered_at, order_id`;
}

/** About 4% of paid orders are refunded 2 to 14 days later, most in full. */
function insertRefunds(): string {
  const paid = withUniforms(
    `SELECT order_id, ordered_at, amount, country, platform FROM orders
     WHERE status = 'paid' AND load_batch NOT LIKE '%-retry'`,
    ["order_id", "ordered_at", "amount", "country", "platform"],
    [
      { name: "r_refunded", key: "order_id", salt: 61 },
      { name: "r_delay", key: "order_id", salt: 62 },
      { name: "r_partial", key: "order_id", salt: 63 },
      { name: "r_share", key: "order_id", salt: 64 },
    ],
  );
  return `WITH refunded AS (
  SELECT order_id, country, platform,
    ordered_at + (floor((2 + 12 * r_delay) * ${DAY_MS}) * INTERVAL '1 millisecond') AS refunded_at,
    CASE WHEN r_partial < 0.7 THEN amount
         ELSE GREATEST(0.01, (round(amount * 100 * (0.2 + 0.7 * r_share))::bigint)::numeric / 100) END AS amount
  FROM (${paid}) AS p
  WHERE r_refunded < CASE platform WHEN 'android' THEN 0.05::float8 ELSE 0.037 END
)
INSERT INTO refunds (refund_id, order_id, refunded_at, amount, country, platform)
SELECT ${FIRST_REFUND_ID - 1} + row_number() OVER (ORDER BY refunded_at, order_id), order_id, refunded_at, amount, country, platform
FROM refunded
WHERE refunded_at < ${END}
ORDER BY refunded_at, order_id`;
}

// ------------------------------------------------------------------ loading

/**
 * Drops the four tables' indexes and primary keys for the load (maintaining
 * them row by row costs more than building them once) and returns the
 * statements that rebuild them exactly, under the same names.
 */
async function dropIndexes(tx: SqlExecutor): Promise<string[]> {
  const rows = await tx.query<{
    tbl: string;
    name: string;
    constraint_def: string | null;
    index_def: string;
  }>(
    `SELECT t.relname AS tbl, i.relname AS name, pg_get_constraintdef(c.oid) AS constraint_def,
       pg_get_indexdef(x.indexrelid) AS index_def
     FROM pg_index x
     JOIN pg_class i ON i.oid = x.indexrelid
     JOIN pg_class t ON t.oid = x.indrelid
     JOIN pg_namespace ns ON ns.oid = t.relnamespace
     LEFT JOIN pg_constraint c ON c.conindid = x.indexrelid AND c.conrelid = t.oid
     WHERE ns.nspname = current_schema() AND t.relname = ANY($1)
     ORDER BY x.indisprimary DESC, t.relname, i.relname`,
    [`{${TABLES.join(",")}}`],
  );
  const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
  const rebuild: string[] = [];
  for (const row of rows) {
    if (row.constraint_def) {
      await tx.exec(`ALTER TABLE ${quote(row.tbl)} DROP CONSTRAINT ${quote(row.name)}`);
      rebuild.push(
        `ALTER TABLE ${quote(row.tbl)} ADD CONSTRAINT ${quote(row.name)} ${row.constraint_def}`,
      );
    } else {
      await tx.exec(`DROP INDEX ${quote(row.name)}`);
      rebuild.push(row.index_def);
    }
  }
  return rebuild;
}

function userCountFor(scale: number): number {
  if (!Number.isFinite(scale) || scale < 1_000)
    throw new Error(`Demo scale must be at least 1000 source rows, got ${scale}.`);
  const users = Math.round(scale * USERS_PER_SOURCE_ROW);
  if (users > MAX_USERS) {
    throw new Error(
      `Demo scale ${scale} is too large: at most ${Math.floor(MAX_USERS / USERS_PER_SOURCE_ROW)} source rows.`,
    );
  }
  return users;
}

/**
 * Replaces the demo shop's rows with a freshly generated, deterministic set,
 * in one transaction, and returns the row counts read back from the tables.
 */
export async function seedDemoShop(sql: SqlClient, options: SeedOptions = {}): Promise<SeedReport> {
  const started = performance.now();
  const userCount = userCountFor(options.scale ?? DEFAULT_SEED_SCALE);
  const counts = await sql.transaction(async (tx) => {
    let stepStarted = performance.now();
    const step = async (name: SeedStep, run: () => Promise<unknown>) => {
      await run();
      const now = performance.now();
      options.onStep?.(name, Math.round(now - stepStarted));
      stepStarted = now;
    };
    let rebuild: string[] = [];
    await step("prepare", async () => {
      await tx.exec(`TRUNCATE ${TABLES.join(", ")} RESTART IDENTITY`);
      rebuild = await dropIndexes(tx);
    });
    await step("users", () => tx.exec(insertUsers(userCount)));
    await step("sessions", () => tx.exec(insertSessions()));
    await step("orders", () => tx.exec(insertOrders()));
    await step("refunds", () => tx.exec(insertRefunds()));
    await step("indexes", async () => {
      for (const statement of rebuild) await tx.exec(statement);
    });
    await step("analyze", () => tx.exec(`ANALYZE ${TABLES.join(", ")}`));
    const rows = await tx.query<Record<(typeof TABLES)[number], number>>(
      `SELECT ${TABLES.map((t) => `(SELECT count(*) FROM ${t})::int AS ${t}`).join(", ")}`,
    );
    return rows[0]!;
  });
  return {
    ...counts,
    totalRows: counts.users + counts.sessions + counts.orders + counts.refunds,
    ms: Math.round(performance.now() - started),
  };
}
