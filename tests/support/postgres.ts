// A real PostgreSQL for integration tests: one fresh database per caller.
// Tests never skip when the server is missing; they fail and say how to start it.
import { randomBytes } from "node:crypto";
import pg from "pg";

export const DEFAULT_TEST_PG_URL = "postgresql://postgres@127.0.0.1:5432/postgres";

const START_HINT =
  "Start it with:\n" +
  "  pg_ctlcluster --skip-systemctl-redirect 15 main start\n" +
  "and let local connections in without a password (trust for local, 127.0.0.1/32 and ::1/128 in " +
  "/etc/postgresql/15/main/pg_hba.conf), as .ci/run does. " +
  "Or point TRIAD_TEST_PG_URL at another PostgreSQL 14+ server.";

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "::1", "[::1]", ""]);

/** The admin connection string; databases are created and dropped through it. */
export function testPostgresUrl(): string {
  return process.env.TRIAD_TEST_PG_URL || DEFAULT_TEST_PG_URL;
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(unparseable TRIAD_TEST_PG_URL)";
  }
}

// Tests create and drop databases: refuse a remote server unless asked for explicitly.
function assertLocal(url: string): void {
  const host = new URL(url).hostname;
  if (!LOCAL_HOSTS.has(host) && process.env.TRIAD_TEST_PG_ALLOW_REMOTE !== "1") {
    throw new Error(
      `TRIAD_TEST_PG_URL points at ${host}, not this machine. Integration tests create and drop databases there; ` +
        `set TRIAD_TEST_PG_ALLOW_REMOTE=1 if that is really intended.`,
    );
  }
}

async function connectAdmin(url = testPostgresUrl()): Promise<pg.Client> {
  assertLocal(url);
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`PostgreSQL is not reachable at ${redact(url)} (${reason}).\n${START_HINT}`, {
      cause: error,
    });
  }
  return client;
}

/** Throws, with the command that starts the server, unless PostgreSQL answers. */
export async function assertPostgresReachable(url = testPostgresUrl()): Promise<string> {
  const client = await connectAdmin(url);
  try {
    const rows = await client.query<{ server_version: string }>("SHOW server_version");
    return rows.rows[0]?.server_version ?? "unknown";
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  /** Connection string of the new, empty database. */
  url: string;
  name: string;
  /** Drops the database, closing any connection still open to it. */
  drop(): Promise<void>;
}

function databaseName(prefix: string): string {
  const clean =
    prefix
      .toLowerCase()
      .replace(/[^a-z0-9_]+/g, "_")
      .replace(/^_+|_+$/g, "")
      .slice(0, 30) || "db";
  return `triad_test_${clean}_${process.pid}_${randomBytes(4).toString("hex")}`;
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

export async function createTestDatabase(prefix: string): Promise<TestDatabase> {
  const adminUrl = testPostgresUrl();
  const name = databaseName(prefix);
  const admin = await connectAdmin(adminUrl);
  try {
    await admin.query(`CREATE DATABASE ${quoteIdent(name)}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  let dropped = false;
  return {
    url: url.toString(),
    name,
    async drop() {
      if (dropped) return;
      dropped = true;
      const client = await connectAdmin(adminUrl);
      try {
        await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
