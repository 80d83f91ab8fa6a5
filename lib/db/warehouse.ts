import "server-only";
import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { dataDir as defaultDataDir, env } from "@/lib/env";
import { PrismaClient } from "./generated/client";
import type { SqlClient, SqlExecutor, SqlParam } from "./sql-client";
import { acquireWarehouseLock, readLiveLock, releaseWarehouseLock } from "./lock";
import { warehouseUnavailableReason } from "./unavailable";

export type WarehouseKind = "pglite" | "postgres" | "pglite-socket";

/** A connected warehouse: Prisma for typed metadata, raw SQL for set-based work. */
export interface Warehouse {
  kind: WarehouseKind;
  /** Where it is, for messages: a folder or a URL without password. */
  location: string;
  prisma: PrismaClient;
  sql: SqlClient;
  close(): Promise<void>;
}

export interface OpenWarehouseOptions {
  databaseUrl?: string;
  dataDir?: string;
  /** Serve an embedded warehouse to the CLI on 127.0.0.1 (the app does). */
  serveSocketPort?: number;
  /** Pool size for PostgreSQL. */
  poolSize?: number;
}

// Every session computes periods in UTC.
const PG_SESSION_OPTIONS = "-c TimeZone=UTC -c DateStyle=ISO";

pg.types.setTypeParser(pg.types.builtins.INT8, (v) => {
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : v;
});
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);

function pgSqlClient(pool: pg.Pool): SqlClient {
  const executor = (q: pg.Pool | pg.PoolClient): SqlExecutor => ({
    async query<T extends Record<string, unknown>>(sql: string, params: readonly SqlParam[] = []) {
      const res = await q.query(sql, params as unknown[]);
      return res.rows as T[];
    },
    async exec(script: string) {
      await q.query(script);
    },
  });
  return {
    ...executor(pool),
    async transaction(fn) {
      const client = await pool.connect();
      // A checked-out client has no pool listener: its server going away between
      // statements would be an unheard 'error'. The next statement rejects instead.
      const ignore = () => undefined;
      client.on("error", ignore);
      try {
        await client.query("BEGIN");
        const result = await fn(executor(client));
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw error;
      } finally {
        client.removeListener("error", ignore);
        client.release();
      }
    },
  };
}

// PGlite returns DATE as a JS Date and INT8 as bigint; parse them as pg does
// above, so both warehouses hand back the same shapes.
const pgliteParsers = {
  [20]: (v: string) => {
    const n = Number(v);
    return Number.isSafeInteger(n) ? n : v;
  },
  [1700]: (v: string) => Number(v),
  [1082]: (v: string) => v,
};

function pgliteSqlClient(db: PGlite): SqlClient {
  const executor = (q: Pick<PGlite, "query" | "exec">): SqlExecutor => ({
    async query<T extends Record<string, unknown>>(sql: string, params: readonly SqlParam[] = []) {
      const res = await q.query<T>(sql, params as unknown[], { parsers: pgliteParsers });
      return res.rows;
    },
    async exec(script: string) {
      await q.exec(script);
    },
  });
  return {
    ...executor(db),
    transaction: (fn) => db.transaction((tx) => fn(executor(tx))),
  };
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(unparseable DATABASE_URL)";
  }
}

async function openPostgres(url: string, kind: WarehouseKind, poolSize: number): Promise<Warehouse> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, options: PG_SESSION_OPTIONS });
  // An idle client whose server goes away emits 'error' on the pool; unheard, it
  // would end the process. The pool drops that client and connects anew on the
  // next query, so one line per outage is enough (queries report their own errors).
  let outage = false;
  pool.on("error", (error) => {
    if (outage) return;
    outage = true;
    console.warn(`warehouse ${redact(url)}: an idle connection failed (${warehouseUnavailableReason(error) ?? error.message}); reconnecting on the next query`);
  });
  pool.on("connect", () => {
    outage = false;
  });
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return {
    kind,
    location: redact(url),
    prisma,
    sql: pgSqlClient(pool),
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

async function openPglite(dir: string, serveSocketPort?: number): Promise<Warehouse> {
  fs.mkdirSync(dir, { recursive: true });
  acquireWarehouseLock(dir, serveSocketPort ?? null);
  let db: PGlite;
  try {
    db = await PGlite.create({ dataDir: path.join(dir, "pgdata") });
    await db.exec("SET TimeZone = 'UTC'; SET DateStyle = 'ISO';");
  } catch (error) {
    releaseWarehouseLock(dir);
    throw error;
  }
  let server: PGLiteSocketServer | undefined;
  if (serveSocketPort) {
    server = new PGLiteSocketServer({ db, port: serveSocketPort, host: "127.0.0.1", maxConnections: 8 });
    await server.start();
  }
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(db) });
  return {
    kind: "pglite",
    location: path.resolve(dir),
    prisma,
    sql: pgliteSqlClient(db),
    async close() {
      await prisma.$disconnect();
      await server?.stop();
      await db.close();
      releaseWarehouseLock(dir);
    },
  };
}

/**
 * Opens the warehouse: PostgreSQL when a URL is given, otherwise the embedded
 * PGlite folder, or, when a running app already holds that folder, the app's
 * local socket to it (only one process may open a PGlite folder).
 */
export async function openWarehouse(options: OpenWarehouseOptions = {}): Promise<Warehouse> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, "postgres", options.poolSize ?? 8);
  const dir = path.resolve(options.dataDir ?? defaultDataDir());
  const live = readLiveLock(dir);
  if (live) {
    if (live.port === null) {
      throw new Error(
        `The embedded warehouse in ${dir} is in use by process ${live.pid}, which does not share it. ` +
          `Wait for it to finish, or stop it, and try again.`,
      );
    }
    return openPostgres(`postgresql://postgres@127.0.0.1:${live.port}/postgres?sslmode=disable`, "pglite-socket", 1);
  }
  return openPglite(dir, options.serveSocketPort);
}

/** The warehouse named by the environment: DATABASE_URL, else the embedded one. */
export function openWarehouseFromEnv(extra: Pick<OpenWarehouseOptions, "serveSocketPort"> = {}): Promise<Warehouse> {
  return openWarehouse({ databaseUrl: env.DATABASE_URL, dataDir: defaultDataDir(), ...extra });
}
