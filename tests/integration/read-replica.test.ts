// Read replicas on real PostgreSQL streaming replication: the test starts its own
// primary and a hot standby made with pg_basebackup, on free loopback ports and in
// a temporary folder (the shared server on 5432 is not touched), points the app's
// DATABASE_URL and DATABASE_REPLICA_URL at them, and checks where reads and
// writes go, the lag a small write sees, and the fallback when the replica stops.
//
// Lag behaviour, as observed here: replication is asynchronous, so a read through
// the replica right after a write on the primary may still return the old values;
// the new ones appear once the standby replays the WAL (milliseconds on loopback,
// printed below). The app documents this in the README ("Read replica").
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { ReplicaStatus, Warehouse } from "@/lib/db";
import type { SeriesResponse } from "@/lib/metrics/api-schema";
import { adminViewer } from "../support/viewers";

type DbModule = typeof import("@/lib/db") & typeof import("@/lib/db/read-warehouse");
type SeriesModule = typeof import("@/lib/metrics/queries/get-metric-series");
type RouteModule = typeof import("@/app/api/metrics/[key]/series/route");
type HealthModule = typeof import("@/app/api/health/route");
type AuthSupport = typeof import("../support/auth");

// PostgreSQL's server tools, newest installed version; null (and the test skips) without them.
function findBinDir(): string | null {
  const base = "/usr/lib/postgresql";
  const versions = fs.existsSync(base) ? fs.readdirSync(base).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)) : [];
  for (const v of versions) {
    const dir = path.join(base, v, "bin");
    if (["initdb", "pg_ctl", "pg_basebackup"].every((t) => fs.existsSync(path.join(dir, t)))) return dir;
  }
  return null;
}

// initdb refuses root: as root the clusters belong to the postgres user.
function postgresUser(): { uid: number; gid: number } | null {
  try {
    const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim());
    return { uid: id("-u"), gid: id("-g") };
  } catch {
    return null;
  }
}

const BIN = findBinDir();
const IS_ROOT = process.getuid?.() === 0;
const OWNER = IS_ROOT ? postgresUser() : null;
const SKIP_REASON = !BIN
  ? "PostgreSQL server tools (initdb, pg_ctl, pg_basebackup) are not installed under /usr/lib/postgresql/*/bin"
  : IS_ROOT && !OWNER
    ? "running as root and there is no postgres user to own the test clusters"
    : null;

function run(tool: string, args: string[]): string {
  const file = path.join(BIN ?? "", tool);
  const [cmd, argv] = IS_ROOT ? ["runuser", ["-u", "postgres", "--", file, ...args]] : [file, args];
  return execFileSync(cmd, argv, { encoding: "utf8", timeout: 60_000, stdio: ["ignore", "pipe", "pipe"] });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

const DEFINITION = {
  key: "signups",
  name: "Signups",
  description: "A test metric.",
  unit: "count",
  owner: "team@example.com",
  kind: "aggregate",
  table: "users",
  time_column: "created_at",
  aggregate: { fn: "count" },
  grains: ["day"],
  dimensions: [],
};

const insertValue = (wh: Warehouse, period: string, value: number) =>
  wh.sql.query(
    `INSERT INTO metric_value (metric_key, grain, period, dimension, dimension_value, value, run_id) VALUES ('signups', 'day', $1::date, '', '', $2, 'run-1')`,
    [period, value],
  );

async function insertFixture(wh: Warehouse): Promise<void> {
  const { metricDefinitionSchema } = await import("@/lib/metrics/definition-schema");
  const definition = metricDefinitionSchema.parse(DEFINITION);
  await wh.sql.query(`INSERT INTO metric_definition (key, current_version_id, file_path) VALUES ('signups', 'signups@v1', 'metrics/signups.yaml')`);
  await wh.sql.query(
    `INSERT INTO metric_definition_version (id, metric_key, content_hash, source, definition, file_path, loaded_at)
     VALUES ('signups@v1', 'signups', 'h1', 'key: signups', $1::jsonb, 'metrics/signups.yaml', '2025-01-05T12:00:00Z')`,
    [JSON.stringify(definition)],
  );
  await wh.sql.query(
    `INSERT INTO metric_run (id, metric_key, definition_version_id, status, started_at, finished_at, code_version, sql, input_row_counts, output_rows, error)
     VALUES ('run-1', 'signups', 'signups@v1', 'succeeded', '2025-01-06T01:00:00Z', '2025-01-06T01:00:05Z', 'test', 'SELECT 1', '{}'::jsonb, 3, NULL)`,
  );
  for (const [period, value] of [["2025-01-01", 3], ["2025-01-02", 5], ["2025-01-03", 4]] as const) await insertValue(wh, period, value);
}

const values = (series: SeriesResponse) => series.points.map((p) => [p.period, p.value]);

describe.skipIf(SKIP_REASON !== null)(`read replica on PostgreSQL streaming replication${SKIP_REASON ? ` (skipped: ${SKIP_REASON})` : ""}`, () => {
  let root = "";
  let primaryDir = "";
  let replicaDir = "";
  let primaryPort = 0;
  let replicaPort = 0;
  let db: DbModule;
  let series: SeriesModule;
  let route: RouteModule;
  let health: HealthModule;
  let auth: AuthSupport;
  const started: string[] = [];

  const startCluster = (dir: string) => {
    run("pg_ctl", ["-D", dir, "-l", path.join(root, `${path.basename(dir)}.log`), "-w", "-t", "30", "start"]);
    started.push(dir);
  };
  const stopCluster = (dir: string) => {
    run("pg_ctl", ["-D", dir, "-m", "fast", "-w", "-t", "30", "stop"]);
    started.splice(started.indexOf(dir), 1);
  };

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "triad-replica-"));
    if (OWNER) fs.chownSync(root, OWNER.uid, OWNER.gid);
    primaryDir = path.join(root, "primary");
    replicaDir = path.join(root, "replica");
    primaryPort = await freePort();
    replicaPort = await freePort();

    // initdb --auth=trust also trusts replication connections from 127.0.0.1.
    run("initdb", ["-D", primaryDir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"]);
    fs.appendFileSync(
      path.join(primaryDir, "postgresql.conf"),
      [
        `listen_addresses = '127.0.0.1'`,
        `port = ${primaryPort}`,
        `unix_socket_directories = '${root}'`,
        `wal_level = replica`,
        `max_wal_senders = 4`,
        `hot_standby = on`,
        `fsync = off`,
        `shared_buffers = 16MB`,
        `max_connections = 40`,
        "",
      ].join("\n"),
    );
    startCluster(primaryDir);
    run("pg_basebackup", ["-h", "127.0.0.1", "-p", String(primaryPort), "-U", "postgres", "-D", replicaDir, "-R", "-X", "stream", "--checkpoint=fast", "--no-sync"]);
    // Copied from the primary; the replica only needs its own port (-R wrote primary_conninfo and standby.signal).
    fs.appendFileSync(path.join(replicaDir, "postgresql.conf"), `port = ${replicaPort}\n`);
    startCluster(replicaDir);

    const primaryUrl = `postgresql://postgres@127.0.0.1:${primaryPort}/postgres`;
    process.env.DATABASE_URL = primaryUrl;
    process.env.DATABASE_REPLICA_URL = `postgresql://postgres@127.0.0.1:${replicaPort}/postgres`;
    // Imported only now: lib/env reads the environment once, on first import.
    db = { ...(await import("@/lib/db")), ...(await import("@/lib/db/read-warehouse")) };
    series = await import("@/lib/metrics/queries/get-metric-series");
    route = await import("@/app/api/metrics/[key]/series/route");
    health = await import("@/app/api/health/route");
    // Sessions live on the primary, like every write.
    auth = await import("../support/auth");
    const { migrateWarehouse } = await import("@/lib/db/migrate");
    const primary = await db.getWarehouse();
    await migrateWarehouse(primary.sql);
    await insertFixture(primary);
  }, 90_000);

  afterAll(async () => {
    await db?.closeWarehouses().catch(() => undefined);
    for (const dir of [...started].reverse()) {
      try {
        run("pg_ctl", ["-D", dir, "-m", "immediate", "-w", "-t", "30", "stop"]);
      } catch {
        // already stopped
      }
    }
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  it("sends reads to the replica and writes to the primary", async () => {
    const read = await db.getReadWarehouse();
    const write = await db.getWarehouse();
    const [onRead] = await read.sql.query<{ standby: boolean; port: number }>(`SELECT pg_is_in_recovery() AS standby, current_setting('port')::int AS port`);
    const [onWrite] = await write.sql.query<{ standby: boolean; port: number }>(`SELECT pg_is_in_recovery() AS standby, current_setting('port')::int AS port`);
    expect(onRead).toEqual({ standby: true, port: replicaPort });
    expect(onWrite).toEqual({ standby: false, port: primaryPort });
    // Prisma reads take the same way.
    const rows = await read.prisma.$queryRawUnsafe<{ standby: boolean }[]>(`SELECT pg_is_in_recovery() AS standby`);
    expect(rows).toEqual([{ standby: true }]);
  });

  it("serves the primary's data from the replica once replayed, and measures the lag", async () => {
    const primary = await db.getWarehouse();
    // The fixture was written before the replica was first read: wait for it the same bounded way.
    const caughtUp = async (expected: (string | number | null)[][], deadlineMs: number) => {
      const started = performance.now();
      for (;;) {
        const got = values(await series.getMetricSeries(await db.getReadWarehouse(), adminViewer, "signups", { grain: "day", filters: {} }));
        if (JSON.stringify(got) === JSON.stringify(expected)) return performance.now() - started;
        if (performance.now() - started > deadlineMs) throw new Error(`the replica did not catch up within ${deadlineMs} ms: ${JSON.stringify(got)}`);
        await new Promise((r) => setTimeout(r, 2));
      }
    };
    const before = [["2025-01-01", 3], ["2025-01-02", 5], ["2025-01-03", 4]];
    await caughtUp(before, 10_000);
    expect(values(await series.getMetricSeries(primary, adminViewer, "signups", { grain: "day", filters: {} }))).toEqual(before);

    // A one-row write on the primary, then one cheap query on the replica until it shows:
    // the replication lag itself.
    const read = await db.getReadWarehouse();
    await insertValue(primary, "2025-01-04", 9);
    const written = performance.now();
    let polls = 0;
    for (;;) {
      polls += 1;
      const [row] = await read.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM metric_value WHERE period = '2025-01-04'`);
      if (row?.n === 1) break;
      if (performance.now() - written > 10_000) throw new Error("the replica did not replay a one-row write within 10 s");
    }
    const replicationMs = performance.now() - written;
    // Another one, read through the chart's series query (several queries per read).
    await insertValue(primary, "2025-01-05", 6);
    const seriesMs = await caughtUp([...before, ["2025-01-04", 9], ["2025-01-05", 6]], 10_000);
    console.log(
      `read replica lag for a one-row write: replayed after ${replicationMs.toFixed(1)} ms (${polls} polls); ` +
        `visible in the series read after ${seriesMs.toFixed(1)} ms`,
    );
    expect(replicationMs).toBeLessThan(10_000);

    // The dashboards' series route reads through the replica too.
    const response = await route.GET(await auth.signedRequest(`/api/metrics/signups/series?grain=day`, "admin"), { params: Promise.resolve({ key: "signups" }) });
    expect(response.status).toBe(200);
    const body = (await response.json()) as SeriesResponse;
    expect(values(body)).toEqual([...before, ["2025-01-04", 9], ["2025-01-05", 6]]);

    // /api/health reports the replica and its lag.
    const healthResponse = await health.GET();
    expect(healthResponse.status).toBe(200);
    const { replica } = (await healthResponse.json()) as { replica?: ReplicaStatus };
    expect(replica).toMatchObject({ location: `postgresql://postgres@127.0.0.1:${replicaPort}/postgres`, readsFrom: "replica", reachable: true, inRecovery: true, reason: null });
    expect(replica?.lagMs).toBeTypeOf("number");
    expect(replica?.lagMs).toBeGreaterThanOrEqual(0);
  });

  it("shows the previous values while the replica is behind, and reports the lag", async () => {
    const primary = await db.getWarehouse();
    const read = await db.getReadWarehouse();
    const seriesOn = async (wh: Warehouse) => values(await series.getMetricSeries(wh, adminViewer, "signups", { grain: "day", filters: {} }));
    const current = await seriesOn(primary);
    expect(await seriesOn(read)).toEqual(current);

    // Holding replay makes the lag last: the replica receives the write but does not apply it.
    await read.sql.query(`SELECT pg_wal_replay_pause()`);
    try {
      await insertValue(primary, "2025-01-07", 2);
      const [at] = await primary.sql.query<{ lsn: string }>(`SELECT pg_current_wal_lsn()::text AS lsn`);
      const deadline = performance.now() + 10_000;
      for (;;) {
        const [row] = await read.sql.query<{ received: boolean }>(`SELECT pg_last_wal_receive_lsn() >= $1::pg_lsn AS received`, [at?.lsn ?? ""]);
        if (row?.received) break;
        if (performance.now() > deadline) throw new Error("the replica did not receive the write within 10 s");
        await new Promise((r) => setTimeout(r, 5));
      }
      expect(await seriesOn(primary)).toEqual([...current, ["2025-01-07", 2]]);
      expect(await seriesOn(read)).toEqual(current);
      const status = await db.getReplicaStatus();
      expect(status?.readsFrom).toBe("replica");
      expect(status?.lagMs).toBeGreaterThan(0);
    } finally {
      await read.sql.query(`SELECT pg_wal_replay_resume()`);
    }
    const deadline = performance.now() + 10_000;
    while (JSON.stringify(await seriesOn(read)) !== JSON.stringify([...current, ["2025-01-07", 2]])) {
      if (performance.now() > deadline) throw new Error("the replica did not catch up within 10 s of resuming replay");
      await new Promise((r) => setTimeout(r, 5));
    }
  });

  it("refuses a write on the replica", async () => {
    const read = await db.getReadWarehouse();
    await expect(insertValue(read, "2025-01-06", 1)).rejects.toThrow(/read-only transaction/);
    await expect(
      read.prisma.metricDefinition.update({ where: { key: "signups" }, data: { filePath: "metrics/elsewhere.yaml" } }),
    ).rejects.toThrow(/read-only transaction/);
    const [row] = await (await db.getWarehouse()).sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM metric_value WHERE period = '2025-01-06'`);
    expect(row?.n).toBe(0);
  });

  it("falls back to the primary when the replica stops, logging once", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      const held = await db.getReadWarehouse(); // the replica, handed out before it stops
      stopCluster(replicaDir);

      // A request that already holds the replica is answered by the primary.
      const [row] = await held.sql.query<{ standby: boolean }>(`SELECT pg_is_in_recovery() AS standby`);
      expect(row?.standby).toBe(false);
      const viaPrisma = await series.getMetricSeries(held, adminViewer, "signups", { grain: "day", filters: {} });
      expect(values(viaPrisma)).toContainEqual(["2025-01-04", 9]);

      // Later requests go to the primary directly.
      const read = await db.getReadWarehouse();
      expect(read).toBe(await db.getWarehouse());
      const response = await route.GET(await auth.signedRequest(`/api/metrics/signups/series?grain=day`, "admin"), { params: Promise.resolve({ key: "signups" }) });
      expect(response.status).toBe(200);

      // Health stays 200: the primary answers, and the replica is reported as not used.
      const healthResponse = await health.GET();
      expect(healthResponse.status).toBe(200);
      const body = (await healthResponse.json()) as { replica?: ReplicaStatus };
      expect(body.replica).toMatchObject({ readsFrom: "primary", reachable: false, inRecovery: null, lagMs: null });
      expect(body.replica?.reason).toBe("connection refused");
      const lines = warn.mock.calls.map((c) => String(c[0])).filter((l) => l.includes("read replica"));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/not usable .*dashboard reads use the primary/);
    } finally {
      warn.mockRestore();
    }
  });
});
