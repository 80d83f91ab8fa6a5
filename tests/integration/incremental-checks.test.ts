// Change detection, table checks and reconciliation proportional to the
// changed data: the per-day fingerprints kept from the triggers' change log
// always equal a whole-table read (after inserts, updates, deletes, moves
// between days, TRUNCATE, a recreated table, disabled triggers); the table
// checks and the reconciliation from kept days equal the whole-table ones;
// and a compute fails the runs a killed compute left 'running', on both
// warehouses.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeMetrics } from "@/lib/pipeline/compute";
import { INTERRUPTED_RUN_ERROR } from "@/lib/pipeline/compute-lease";
import { getSourceFingerprints } from "@/lib/pipeline/incremental";
import { readSourceDays, refreshSourceDays, type WatchedColumn } from "@/lib/pipeline/source-days";
import { profileSourceTable } from "@/lib/quality/table-checks";
import { WAREHOUSES, type TestWarehouse } from "../support/warehouses";

const SOURCE = `CREATE TABLE ev (id int PRIMARY KEY, at timestamptz, amt numeric(10,2), c text);
CREATE INDEX ev_at_idx ON ev (at);
INSERT INTO ev SELECT i, timestamptz '2024-01-01 00:00+00' + (i % 40) * interval '1 day' + (i % 7) * interval '3 hours', (i % 97) / 4.0, (ARRAY['A', 'B'])[1 + i % 2]
FROM generate_series(1, 400) i;
INSERT INTO ev VALUES (401, NULL, 1.00, 'A');`;

const head = (key: string) => `key: ${key}\nname: ${key}\ndescription: test\nkind: aggregate\nunit: number\nowner: test\ngrains: [day, month]\ntable: ev\ntime_column: at\n`;
const FILES: Record<string, string> = {
  ev_count: head("ev_count") + "aggregate: { fn: count }\n",
  ev_amt: head("ev_amt") + "dimensions: [c]\naggregate: { fn: sum, column: amt }\nfilters:\n  - { column: c, op: eq, value: A }\n",
  ev_max: head("ev_max") + "aggregate: { fn: max, column: amt }\n",
};
const CATALOG = `system: test\ndescription: test\nowner: test\ntables:\n  ev:\n    key: [id]\n    time_column: at\n    expected_freshness_days: 100000\n`;

function metricsDir() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "triad-incremental-checks-"));
  for (const [key, text] of Object.entries(FILES)) fs.writeFileSync(path.join(dir, `${key}.yaml`), text);
  fs.mkdirSync(path.join(dir, "sources"));
  fs.writeFileSync(path.join(dir, "sources", "test.yaml"), CATALOG);
  return dir;
}

describe.each(WAREHOUSES)("incremental change detection and checks on $name", (factory) => {
  let wh: TestWarehouse;
  let schema: string;
  const dir = metricsDir();
  const col = (): WatchedColumn => ({ schema, table: "ev", timeColumn: "at", timeType: "timestamp with time zone" });
  /** Kept days equal a whole-table read. */
  const expectKeptEqualsScan = async () => {
    expect(await readSourceDays(wh.sql, schema, "ev", "at")).toEqual(await getSourceFingerprints(wh.sql, schema, "ev", "at", "timestamp with time zone"));
  };
  const compute = async (full = false) => {
    const results = await computeMetrics(wh, { metricsDir: dir, full, alerts: false });
    expect(results.filter((r) => r.status !== "succeeded")).toEqual([]);
    return results;
  };
  const latestChecks = async () =>
    wh.sql.query<{ node_name: string; check_name: string; status: string; expected: string | null; actual: string | null }>(
      // Not a run's own row count: an incremental run writes fewer points by design.
      `SELECT DISTINCT ON (node_name, check_name) node_name, check_name, status, expected, actual FROM quality_check
       WHERE NOT (node_kind = 'rollup' AND check_name = 'row_count') ORDER BY node_name, check_name, checked_at DESC, id`,
    );

  beforeAll(async () => {
    wh = await factory.open();
    await wh.sql.exec(SOURCE);
    schema = (await wh.sql.query<{ s: string }>(`SELECT current_schema() AS s`))[0]!.s;
    await compute();
  });
  afterAll(() => wh?.dispose());

  it("installs the change triggers and re-reads only the logged days", async () => {
    const [watch] = await wh.sql.query<{ trigger_function: string | null }>(`SELECT trigger_function FROM source_table_watch WHERE table_name = $1 AND time_column = 'at'`, [`${schema}.ev`]);
    expect(watch?.trigger_function).toMatch(/^triad_source_change_/);
    expect(await wh.sql.query(`SELECT * FROM source_change`)).toEqual([]);
    await wh.sql.exec(`INSERT INTO ev VALUES (500, '2024-01-05 10:00+00', 3.00, 'A'), (501, '2024-01-05 11:00+00', 4.00, 'B')`);
    expect(await wh.sql.query(`SELECT time_column, day::text AS day FROM source_change`)).toEqual([{ time_column: "at", day: "2024-01-05" }]);
    const [refresh] = await refreshSourceDays(wh.sql, [col()]);
    expect(refresh).toMatchObject({ mode: "log", days: 1 });
    await expectKeptEqualsScan();
  });

  it("keeps days equal to a whole-table read after updates, moves, deletes, TRUNCATE, a recreated table and disabled triggers", async () => {
    await wh.sql.exec(`UPDATE ev SET amt = amt + 1 WHERE id = 7;
      UPDATE ev SET at = at + interval '20 days' WHERE id BETWEEN 10 AND 12;
      DELETE FROM ev WHERE at >= '2024-01-09' AND at < '2024-01-10';
      INSERT INTO ev VALUES (600, '2023-12-01 00:00+00', 9.00, 'B');`);
    expect((await refreshSourceDays(wh.sql, [col()]))[0]).toMatchObject({ mode: "log" });
    await expectKeptEqualsScan();
    // Written with the triggers disabled: found, because the triggers no longer fire always.
    await wh.sql.exec(`ALTER TABLE ev DISABLE TRIGGER triad_source_change_upd; UPDATE ev SET amt = amt + 1 WHERE id = 20; ALTER TABLE ev ENABLE TRIGGER triad_source_change_upd;`);
    expect((await refreshSourceDays(wh.sql, [col()]))[0]).toMatchObject({ mode: "scan" });
    await expectKeptEqualsScan();
    expect((await refreshSourceDays(wh.sql, [col()]))[0]).toMatchObject({ mode: "log", days: 0 });
    // A renamed time column never fails a writer: the write asks for a whole read instead.
    await wh.sql.exec(`ALTER TABLE ev RENAME COLUMN at TO at_old; INSERT INTO ev VALUES (800, '2024-01-03 01:00+00', 1.00, 'A'); ALTER TABLE ev RENAME COLUMN at_old TO at;`);
    expect(await wh.sql.query(`SELECT time_column, day FROM source_change`)).toEqual([{ time_column: null, day: null }]);
    expect((await refreshSourceDays(wh.sql, [col()]))[0]).toMatchObject({ mode: "scan" });
    await expectKeptEqualsScan();
    await wh.sql.exec(`CREATE TABLE ev_copy AS SELECT * FROM ev; TRUNCATE ev; INSERT INTO ev SELECT * FROM ev_copy WHERE id % 3 <> 0;`);
    expect((await refreshSourceDays(wh.sql, [col()]))[0]).toMatchObject({ mode: "scan", reason: "truncated since the last compute" });
    await expectKeptEqualsScan();
    // Recreated under the same name: a new relation without triggers.
    await wh.sql.exec(`DROP TABLE ev; CREATE TABLE ev (id int PRIMARY KEY, at timestamptz, amt numeric(10,2), c text); CREATE INDEX ev_at_idx ON ev (at);
      INSERT INTO ev SELECT * FROM ev_copy; DROP TABLE ev_copy;`);
    expect((await refreshSourceDays(wh.sql, [col()]))[0]).toMatchObject({ mode: "scan", reason: "first read, or the table or its triggers changed" });
    await expectKeptEqualsScan();
  });

  it("computes incrementally to the same points, table checks and reconciliation as --full", async () => {
    await compute(true);
    await wh.sql.exec(`INSERT INTO ev VALUES (700, '2024-02-10 08:00+00', 5.00, 'A'), (701, NULL, 2.00, 'B');
      UPDATE ev SET amt = 99.75, c = 'A' WHERE id = 33; DELETE FROM ev WHERE id = 34;`);
    const results = await compute();
    expect(results.every((r) => r.mode === "incremental")).toBe(true);
    const points = await wh.sql.query(`SELECT metric_key, grain, period::text, dimension, dimension_value, value FROM metric_value ORDER BY 1, 2, 3, 4, 5`);
    const incrementalChecks = await latestChecks();
    const reconciliation = await wh.sql.query<{ detail: { rawDaysReread?: number } }>(
      `SELECT detail FROM quality_check WHERE node_name = 'metric_value/ev_count' AND check_name = 'reconciliation' ORDER BY checked_at DESC LIMIT 1`,
    );
    // The changed days only (Feb 10, and the days of ids 33 and 34), not all 40.
    expect(reconciliation[0]?.detail.rawDaysReread).toBeGreaterThan(0);
    expect(reconciliation[0]?.detail.rawDaysReread).toBeLessThanOrEqual(3);
    await compute(true);
    expect(await wh.sql.query(`SELECT metric_key, grain, period::text, dimension, dimension_value, value FROM metric_value ORDER BY 1, 2, 3, 4, 5`)).toEqual(points);
    expect(incrementalChecks).toEqual(await latestChecks());
    expect(incrementalChecks.filter((c) => c.check_name === "reconciliation").map((c) => c.status)).toEqual(["pass", "pass", "pass"]);
    // The kept profile equals the whole-table one (no kept days: the table is read).
    const source = { table: "ev", key: ["id"], time_column: "at", expected_freshness_days: 1 } as Parameters<typeof profileSourceTable>[2];
    const kept = await profileSourceTable(wh.sql, schema, source);
    await wh.sql.query(`DELETE FROM source_table_watch WHERE table_name = $1`, [`${schema}.ev`]);
    expect(kept).toEqual(await profileSourceTable(wh.sql, schema, source));
    expect(kept.rowCount).toBe(Number((await wh.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM ev`))[0]!.n));
  });

  it("fails the runs a killed compute left 'running', only when no other compute is alive", async () => {
    const [version] = await wh.sql.query<{ id: string }>(`SELECT current_version_id AS id FROM metric_definition WHERE key = 'ev_count'`);
    const insertRun = (id: string) =>
      wh.sql.query(`INSERT INTO metric_run (id, metric_key, definition_version_id, status, started_at, sql, input_row_counts) VALUES ($1, 'ev_count', $2, 'running', now(), '', '{}')`, [id, version!.id]);
    await insertRun("killed-run");
    // A lease of this (live) process: another compute is running, its run is left alone.
    await wh.sql.query(`INSERT INTO compute_lease (compute_id, host, pid, started_at, heartbeat_at) VALUES ('other', $1, $2, now(), now())`, [os.hostname(), process.pid]);
    await compute();
    expect((await wh.sql.query<{ status: string }>(`SELECT status FROM metric_run WHERE id = 'killed-run'`))[0]?.status).toBe("running");
    // That process is gone (a pid no process has): its lease is dead, the run is failed as interrupted.
    await wh.sql.query(`UPDATE compute_lease SET pid = 2147483646 WHERE compute_id = 'other'`);
    await compute();
    expect(await wh.sql.query(`SELECT status, error, finished_at IS NOT NULL AS finished FROM metric_run WHERE id = 'killed-run'`)).toEqual([{ status: "failed", error: INTERRUPTED_RUN_ERROR, finished: true }]);
    expect(await wh.sql.query(`SELECT count(*)::int AS n FROM metric_run WHERE status = 'running'`)).toEqual([{ n: 0 }]);
    expect(await wh.sql.query(`SELECT compute_id FROM compute_lease`)).toEqual([]);
  });
});
