// The demo shop generator on both warehouses: the same rows every time and on
// both engines, a load that fails leaves the previous rows alone, and the
// planted shapes (weekly rhythm, growth, launch, outage, duplicated load) are there.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SqlClient } from "@/lib/db/sql-client";
import { DEMO_EVENTS, DEMO_RANGE, seedDemoShop, type SeedReport } from "@/lib/demo/seed";
import { WAREHOUSES, type TestWarehouse } from "../support/warehouses";

// Small enough to seed in about a second; large enough that the duplicated day has orders.
const SCALE = 60_000;

const DIGEST = `SELECT
  (SELECT md5(string_agg(t::text, ',' ORDER BY id)) FROM users t) AS users,
  (SELECT md5(string_agg(t::text, ',' ORDER BY id)) FROM sessions t) AS sessions,
  (SELECT md5(string_agg(t::text, ',' ORDER BY row_id)) FROM orders t) AS orders,
  (SELECT md5(string_agg(t::text, ',' ORDER BY row_id)) FROM refunds t) AS refunds`;

type Digest = Record<"users" | "sessions" | "orders" | "refunds", string>;

const digest = async (sql: SqlClient) => (await sql.query<Digest>(DIGEST))[0]!;
const one = async <T extends Record<string, unknown>>(
  sql: SqlClient,
  text: string,
  params: (string | number)[] = [],
) => (await sql.query<T>(text, params))[0]!;

/** A client whose transaction fails on the statement that loads orders. */
function failingOnOrders(sql: SqlClient): SqlClient {
  return {
    ...sql,
    transaction: (fn) =>
      sql.transaction((tx) =>
        fn({
          query: (text, params) => tx.query(text, params),
          exec: async (script) => {
            if (script.includes("INSERT INTO orders")) throw new Error("injected failure");
            return tx.exec(script);
          },
        }),
      ),
  };
}

// The migration's indexes, rebuilt after the load under the same names (pkey = primary key).
const INDEXES = [
  "orders_order_id_idx",
  "orders_ordered_at_idx",
  "orders_pkey (primary)",
  "refunds_pkey (primary)",
  "refunds_refunded_at_idx",
  "sessions_pkey (primary)",
  "sessions_started_at_idx",
  "users_created_at_idx",
  "users_pkey (primary)",
];

async function indexes(sql: SqlClient): Promise<string[]> {
  const rows = await sql.query<{ name: string }>(
    `SELECT i.relname || CASE WHEN x.indisprimary THEN ' (primary)' ELSE '' END AS name
     FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
     WHERE t.relname IN ('users', 'sessions', 'orders', 'refunds')`,
  );
  return rows.map((r) => r.name).sort();
}

const digests = new Map<string, Digest>();

describe.each(WAREHOUSES)("demo shop seed on $name", (factory) => {
  let wh: TestWarehouse;
  let report: SeedReport;
  let first: Digest;

  beforeAll(async () => {
    wh = await factory.open();
    report = await seedDemoShop(wh.sql, { scale: SCALE });
    first = await digest(wh.sql);
    digests.set(factory.name, first);
  });
  afterAll(() => wh?.dispose());

  it("reports the row counts that are in the tables, in proportion to the scale", async () => {
    const counts = await one<Record<string, number>>(
      wh.sql,
      `SELECT (SELECT count(*) FROM users)::int AS users, (SELECT count(*) FROM sessions)::int AS sessions,
         (SELECT count(*) FROM orders)::int AS orders, (SELECT count(*) FROM refunds)::int AS refunds`,
    );
    expect(report).toMatchObject(counts);
    expect(report.totalRows).toBe(report.users + report.sessions + report.orders + report.refunds);
    expect(report.totalRows).toBeGreaterThan(SCALE * 0.85);
    expect(report.totalRows).toBeLessThan(SCALE * 1.15);
    expect(report.sessions).toBeGreaterThan(report.users * 8);
  });

  it("replaces the previous rows with identical ones when seeded again", async () => {
    const again = await seedDemoShop(wh.sql, { scale: SCALE });
    expect(again).toMatchObject({
      users: report.users,
      sessions: report.sessions,
      orders: report.orders,
      refunds: report.refunds,
    });
    expect(await digest(wh.sql)).toEqual(first);
    expect(await indexes(wh.sql)).toEqual(INDEXES);
  });

  it("leaves the previous rows untouched when the load fails", async () => {
    await expect(seedDemoShop(failingOnOrders(wh.sql), { scale: SCALE / 2 })).rejects.toThrow(
      "injected failure",
    );
    expect(await digest(wh.sql)).toEqual(first);
    expect(await indexes(wh.sql)).toEqual(INDEXES);
  });

  it("loads every order of the duplicated day twice, and no other order", async () => {
    const { date, batch, retryBatch } = DEMO_EVENTS.duplicatedLoad;
    const perDay = await wh.sql.query<{
      day: string;
      orders: number;
      rows: number;
      batches: string;
    }>(
      `SELECT ordered_at::date::text AS day, count(DISTINCT order_id)::int AS orders, count(*)::int AS rows,
         string_agg(DISTINCT load_batch, ',' ORDER BY load_batch) AS batches
       FROM orders GROUP BY 1 HAVING count(*) <> count(DISTINCT order_id)`,
    );
    expect(perDay).toHaveLength(1);
    expect(perDay[0]).toMatchObject({ day: date, batches: `${batch},${retryBatch}` });
    expect(perDay[0]!.orders).toBeGreaterThan(0);
    expect(perDay[0]!.rows).toBe(2 * perDay[0]!.orders);
    const { copies } = await one<{ copies: number }>(
      wh.sql,
      `SELECT count(*)::int AS copies FROM (SELECT order_id FROM orders WHERE ordered_at::date = $1::date
         GROUP BY order_id HAVING count(*) <> 2 OR count(DISTINCT load_batch) <> 2) x`,
      [date],
    );
    expect(copies).toBe(0);
    const { misfiled } = await one<{ misfiled: number }>(
      wh.sql,
      `SELECT count(*)::int AS misfiled FROM orders
       WHERE load_batch <> 'etl-' || to_char(ordered_at, 'YYYY-MM-DD') AND load_batch <> $1`,
      [retryBatch],
    );
    expect(misfiled).toBe(0);
  });

  it("drops sessions on the outage day far below the same weekday around it", async () => {
    const { outage, normal } = await one<{ outage: number; normal: number }>(
      wh.sql,
      `SELECT count(*) FILTER (WHERE started_at::date = $1::date)::float8 AS outage,
         count(*) FILTER (WHERE started_at::date <> $1::date)::float8 / 8 AS normal
       FROM sessions
       WHERE started_at >= $1::date - 28 AND started_at < $1::date + 29
         AND extract(isodow FROM started_at) = extract(isodow FROM $1::date)`,
      [DEMO_EVENTS.outage.date],
    );
    expect(outage / normal).toBeGreaterThan(0.15);
    expect(outage / normal).toBeLessThan(0.45);
  });

  it("has fewer sessions, orders and signups a day at weekends than on weekdays", async () => {
    for (const [table, column] of [
      ["sessions", "started_at"],
      ["orders", "ordered_at"],
      ["users", "created_at"],
    ] as const) {
      const { ratio } = await one<{ ratio: number }>(
        wh.sql,
        `SELECT (count(*) FILTER (WHERE extract(isodow FROM ${column}) >= 6) / 2.0)
           / (count(*) FILTER (WHERE extract(isodow FROM ${column}) < 6) / 5.0) AS ratio
         FROM ${table}`,
      );
      expect(ratio, table).toBeGreaterThan(0.55);
      expect(ratio, table).toBeLessThan(0.85);
    }
  });

  it("grows: more signups in the second year, and a jump after the marketing launch", async () => {
    const { first, second } = await one<{ first: number; second: number }>(
      wh.sql,
      `SELECT count(*) FILTER (WHERE created_at < $1::date + interval '1 year')::int AS first,
         count(*) FILTER (WHERE created_at >= $1::date + interval '1 year')::int AS second
       FROM users`,
      [DEMO_RANGE.from],
    );
    expect(second).toBeGreaterThan(first * 1.5);
    const { before, after } = await one<{ before: number; after: number }>(
      wh.sql,
      `SELECT count(*) FILTER (WHERE created_at < $1::date)::int AS before,
         count(*) FILTER (WHERE created_at >= $1::date)::int AS after
       FROM users WHERE created_at >= $1::date - 14 AND created_at < $1::date + 14`,
      [DEMO_EVENTS.marketingLaunch.date],
    );
    expect(after).toBeGreaterThan(before * 2);
  });

  it("keeps rows consistent with each other and inside the demo range", async () => {
    const checks = await one<Record<string, number>>(
      wh.sql,
      `SELECT
        (SELECT count(*) FROM users WHERE created_at < $1::date OR created_at >= $2::date + 1
           OR email <> 'user' || id || '@example.com')::int AS bad_users,
        (SELECT count(*) FROM sessions s JOIN users u ON u.id = s.user_id
           WHERE s.started_at < u.created_at OR s.started_at >= $2::date + 1 OR s.country <> u.country
             OR s.duration_s <= 0)::int AS bad_sessions,
        (SELECT count(*) FROM sessions s LEFT JOIN users u ON u.id = s.user_id WHERE u.id IS NULL)::int AS orphan_sessions,
        (SELECT count(*) FROM orders WHERE amount <= 0 OR ordered_at >= $2::date + 1
           OR status NOT IN ('paid', 'cancelled', 'pending')
           OR (status = 'pending' AND ordered_at < $2::date - 2))::int AS bad_orders,
        (SELECT count(*) FROM refunds r JOIN orders o ON o.order_id = r.order_id AND o.load_batch NOT LIKE '%-retry'
           WHERE r.amount > o.amount OR r.amount <= 0 OR o.status <> 'paid' OR r.refunded_at < o.ordered_at + interval '2 days'
             OR r.refunded_at >= $2::date + 1 OR r.country <> o.country OR r.platform <> o.platform)::int AS bad_refunds,
        (SELECT count(*) FROM refunds r LEFT JOIN orders o ON o.order_id = r.order_id WHERE o.order_id IS NULL)::int AS orphan_refunds,
        (SELECT count(DISTINCT refund_id) - count(*) FROM refunds)::int AS duplicate_refunds`,
      [DEMO_RANGE.from, DEMO_RANGE.to],
    );
    expect(checks).toEqual({
      bad_users: 0,
      bad_sessions: 0,
      orphan_sessions: 0,
      bad_orders: 0,
      bad_refunds: 0,
      orphan_refunds: 0,
      duplicate_refunds: 0,
    });
    const countries = await wh.sql.query<{ country: string }>(`SELECT DISTINCT country FROM users`);
    expect(countries.map((r) => r.country)).toEqual(
      expect.arrayContaining(["US", "GB", "DE", "FR", "KR", "BR", "IN"]),
    );
    const platforms = await wh.sql.query<{ platform: string }>(
      `SELECT DISTINCT platform FROM sessions ORDER BY 1`,
    );
    expect(platforms.map((r) => r.platform)).toEqual(["android", "ios", "web"]);
    const { conversion, refunded } = await one<{ conversion: number; refunded: number }>(
      wh.sql,
      `SELECT (SELECT count(DISTINCT order_id) FROM orders)::float8 / (SELECT count(*) FROM sessions) AS conversion,
         (SELECT count(*) FROM refunds)::float8 / (SELECT count(*) FROM orders WHERE status = 'paid' AND load_batch NOT LIKE '%-retry') AS refunded`,
    );
    expect(conversion).toBeGreaterThan(0.02);
    expect(conversion).toBeLessThan(0.045);
    expect(refunded).toBeGreaterThan(0.02);
    expect(refunded).toBeLessThan(0.06);
  });
});

describe("demo shop seed on both warehouses", () => {
  it("generates the same rows on PGlite and PostgreSQL", () => {
    expect(digests.get("pglite")).toBeDefined();
    expect(digests.get("pglite")).toEqual(digests.get("postgres"));
  });
});
