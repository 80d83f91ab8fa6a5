// Every metric kind computed on small hand-made tables, with answers worked
// out by hand, on both warehouses; and the run bookkeeping around it.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeMetrics } from "@/lib/pipeline/compute";
import { WAREHOUSES, type TestWarehouse } from "../support/warehouses";

// user 1 active Jan 1, 3, 9; user 2 Jan 1; user 3 Jan 8 (a Monday); 2024-01-01 is a Monday.
const EVENTS = `CREATE TABLE ev (at timestamptz, uid int, c text, amt numeric(10,2));
INSERT INTO ev VALUES
  ('2024-01-01 10:00+00', 1, 'A', 10), ('2024-01-01 23:30+00', 2, 'B', 5),
  ('2024-01-02 00:30+02', 2, 'B', 1),
  ('2024-01-03 01:00+00', 1, 'A', 7), ('2024-01-08 00:00+00', 3, NULL, 1), ('2024-01-09 12:00+00', 1, 'B', 2);`;
// The row at 2024-01-02 00:30+02 is 2024-01-01 22:30 UTC: it belongs to Jan 1.

// Activity for trailing windows of 3 days and 1 day, sliced by c and p:
// user 1 on Jan 1, 2 (three rows, two values of p), 3 (consecutive days);
// user 2 on Jan 1, 4 (exactly 3 days apart: one island) and 8 (4 days apart: two);
// user 3 on Jan 1 and 5 (4 days apart), with NULL c and, on Jan 5, NULL p;
// user 4 on Jan 2 in both values of c. A row without a user and one without a
// time count for neither. Amounts are numeric: sums must be exact decimals.
const ACTIVITY = `CREATE TABLE act (at date, uid int, c text, p text, amt numeric(10,2), score float8);
INSERT INTO act VALUES
  ('2024-01-01', 1, 'A', 'x', 0.10, 0.1), ('2024-01-02', 1, 'A', 'x', 0.20, 0.2), ('2024-01-02', 1, 'A', 'y', 0.20, 0.3),
  ('2024-01-02', 1, 'A', 'x', 0.10, 0.7), ('2024-01-03', 1, 'A', 'y', 0.30, 1.1),
  ('2024-01-01', 2, 'B', 'x', 0.20, 2.2), ('2024-01-04', 2, 'B', 'x', 0.70, 3.3), ('2024-01-08', 2, 'B', 'y', 0.10, 0.01),
  ('2024-01-01', 3, NULL, 'y', 0.40, 1e-5), ('2024-01-05', 3, NULL, NULL, 0.10, 7.7),
  ('2024-01-02', 4, 'A', 'x', 0.30, 0.3), ('2024-01-02', 4, 'B', 'x', 0.30, 0.6),
  ('2024-01-09', NULL, 'A', 'x', 0.10, 0.9), (NULL, 5, 'A', 'x', 0.10, 0.1);`;

const head = (key: string, kind: string) => `key: ${key}\nname: ${key}\ndescription: test\nkind: ${kind}\nunit: number\nowner: test\ngrains: [day, week, month]\n`;
const FILES: Record<string, string> = {
  events: head("events", "aggregate") + "table: ev\ntime_column: at\ndimensions: [c]\naggregate: { fn: count }\n",
  amount: head("amount", "aggregate") + "table: ev\ntime_column: at\ndimensions: [c]\naggregate: { fn: sum, column: amt }\nfilters:\n  - { column: c, op: in, value: [A, B] }\n",
  users: head("users", "aggregate") + "table: ev\ntime_column: at\ndimensions: [c]\naggregate: { fn: count_distinct, column: uid }\n",
  avg_amount: head("avg_amount", "aggregate") + "table: ev\ntime_column: at\naggregate: { fn: avg, column: amt }\n",
  min_amount: head("min_amount", "aggregate") + "table: ev\ntime_column: at\naggregate: { fn: min, column: amt }\n",
  max_amount: head("max_amount", "aggregate") + "table: ev\ntime_column: at\naggregate: { fn: max, column: amt }\n",
  active_3d: head("active_3d", "rolling_distinct") + "table: ev\ntime_column: at\ndimensions: [c]\ncolumn: uid\nwindow_days: 3\n",
  users_to_date: head("users_to_date", "cumulative") + "table: ev\ntime_column: at\ndimensions: [c]\naggregate: { fn: count_distinct, column: uid }\n",
  amount_to_date: head("amount_to_date", "cumulative") + "table: ev\ntime_column: at\naggregate: { fn: sum, column: amt }\n",
  amount_per_event: head("amount_per_event", "ratio") + "numerator: amount\ndenominator: events\n",
  score: head("score", "derived") + "expression: 2 * amount - events\n",
  act_3d: head("act_3d", "rolling_distinct") + "table: act\ntime_column: at\ndimensions: [c, p]\ncolumn: uid\nwindow_days: 3\n",
  act_1d: head("act_1d", "rolling_distinct") + "table: act\ntime_column: at\ndimensions: [c, p]\ncolumn: uid\nwindow_days: 1\n",
  act_amount: head("act_amount", "aggregate") + "table: act\ntime_column: at\ndimensions: [c, p]\naggregate: { fn: sum, column: amt }\n",
  act_avg_amount: head("act_avg_amount", "aggregate") + "table: act\ntime_column: at\ndimensions: [c]\naggregate: { fn: avg, column: amt }\n",
  act_avg_score: head("act_avg_score", "aggregate") + "table: act\ntime_column: at\ndimensions: [p]\naggregate: { fn: avg, column: score }\n",
};

// A stored point's slice of act, for SQL that recomputes the point from the rows.
const ACT_SLICE = `CASE mv.dimension WHEN 'c' THEN COALESCE(a.c, '(null)') = mv.dimension_value WHEN 'p' THEN COALESCE(a.p, '(null)') = mv.dimension_value ELSE true END`;

function metricsDir(files: Record<string, string>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "triad-pipeline-"));
  for (const [key, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, `${key}.yaml`), text);
  return dir;
}

describe.each(WAREHOUSES)("pipeline on $name", (factory) => {
  let wh: TestWarehouse;
  const dir = metricsDir(FILES);
  const series = async (key: string, grain = "day", dimension = "", value = "") =>
    Object.fromEntries(
      (await wh.sql.query<{ period: string; value: number | null }>(
        `SELECT period, value FROM metric_value WHERE metric_key = $1 AND grain = $2 AND dimension = $3 AND dimension_value = $4 ORDER BY period`,
        [key, grain, dimension, value],
      )).map((r) => [r.period, r.value]),
    );

  beforeAll(async () => {
    wh = await factory.open();
    await wh.sql.exec(EVENTS);
    await wh.sql.exec(ACTIVITY);
    const results = await computeMetrics(wh, { metricsDir: dir });
    expect(results.filter((r) => r.status !== "succeeded")).toEqual([]);
  });
  afterAll(() => wh?.dispose());

  it("aggregates per day, week and month, buckets in UTC, and slices by dimension", async () => {
    expect(await series("events")).toEqual({ "2024-01-01": 3, "2024-01-03": 1, "2024-01-08": 1, "2024-01-09": 1 });
    expect(await series("events", "week")).toEqual({ "2024-01-01": 4, "2024-01-08": 2 });
    expect(await series("events", "month")).toEqual({ "2024-01-01": 6 });
    expect(await series("events", "day", "c", "B")).toEqual({ "2024-01-01": 2, "2024-01-09": 1 });
    expect(await series("events", "day", "c", "(null)")).toEqual({ "2024-01-08": 1 });
    expect(await series("amount", "week")).toEqual({ "2024-01-01": 23, "2024-01-08": 2 });
    expect(await series("users", "week")).toEqual({ "2024-01-01": 2, "2024-01-08": 2 });
    expect(await series("users", "month", "c", "B")).toEqual({ "2024-01-01": 2 });
    expect(await series("avg_amount", "week")).toEqual({ "2024-01-01": 23 / 4, "2024-01-08": 1.5 });
    expect(await series("min_amount", "month")).toEqual({ "2024-01-01": 1 });
    expect(await series("max_amount", "week")).toEqual({ "2024-01-01": 10, "2024-01-08": 2 });
  });

  it("counts distinct users in a trailing window at every day", async () => {
    expect(await series("active_3d")).toEqual({
      "2024-01-01": 2, "2024-01-02": 2, "2024-01-03": 2, "2024-01-04": 1, "2024-01-05": 1,
      "2024-01-06": 0, "2024-01-07": 0, "2024-01-08": 1, "2024-01-09": 2,
    });
    // A coarser grain shows the window on the period's last day with data.
    expect(await series("active_3d", "week")).toEqual({ "2024-01-01": 0, "2024-01-08": 2 });
    expect(await series("active_3d", "day", "c", "A")).toMatchObject({ "2024-01-05": 1, "2024-01-06": 0 });
    expect(await series("active_3d", "day", "c", "B")).toMatchObject({ "2024-01-03": 1, "2024-01-04": 0, "2024-01-09": 1 });
  });

  it("counts a user once per island of activity at most the window apart, per slice", async () => {
    // Jan 4: user 2 again exactly 3 days on (still counted), user 3 not since Jan 1 (4 days).
    expect(await series("act_3d")).toEqual({
      "2024-01-01": 3, "2024-01-02": 4, "2024-01-03": 4, "2024-01-04": 3,
      "2024-01-05": 3, "2024-01-06": 2, "2024-01-07": 1, "2024-01-08": 1,
    });
    // Every slice has the whole calendar; the row without a user on Jan 9 does not extend it.
    expect(await series("act_3d", "day", "c", "A")).toEqual({
      "2024-01-01": 1, "2024-01-02": 2, "2024-01-03": 2, "2024-01-04": 2,
      "2024-01-05": 1, "2024-01-06": 0, "2024-01-07": 0, "2024-01-08": 0,
    });
    expect(await series("act_3d", "day", "c", "B")).toEqual({
      "2024-01-01": 1, "2024-01-02": 2, "2024-01-03": 2, "2024-01-04": 2,
      "2024-01-05": 1, "2024-01-06": 1, "2024-01-07": 0, "2024-01-08": 1,
    });
    expect(await series("act_3d", "day", "c", "(null)")).toEqual({
      "2024-01-01": 1, "2024-01-02": 1, "2024-01-03": 1, "2024-01-04": 0,
      "2024-01-05": 1, "2024-01-06": 1, "2024-01-07": 1, "2024-01-08": 0,
    });
    expect(await series("act_3d", "day", "p", "y")).toEqual({
      "2024-01-01": 1, "2024-01-02": 2, "2024-01-03": 2, "2024-01-04": 1,
      "2024-01-05": 1, "2024-01-06": 0, "2024-01-07": 0, "2024-01-08": 1,
    });
    expect(await series("act_3d", "day", "p", "(null)")).toEqual({
      "2024-01-01": 0, "2024-01-02": 0, "2024-01-03": 0, "2024-01-04": 0,
      "2024-01-05": 1, "2024-01-06": 1, "2024-01-07": 1, "2024-01-08": 0,
    });
    expect(await series("act_1d")).toEqual({
      "2024-01-01": 3, "2024-01-02": 2, "2024-01-03": 1, "2024-01-04": 1,
      "2024-01-05": 1, "2024-01-06": 0, "2024-01-07": 0, "2024-01-08": 1,
    });
    expect(await series("act_1d", "day", "p", "x")).toMatchObject({ "2024-01-01": 2, "2024-01-02": 2, "2024-01-03": 0 });
    expect(await series("act_3d", "week")).toEqual({ "2024-01-01": 1, "2024-01-08": 1 });
    expect(await series("act_3d", "week", "c", "B")).toEqual({ "2024-01-01": 0, "2024-01-08": 1 });
    expect(await series("act_3d", "month", "p", "(null)")).toEqual({ "2024-01-01": 0 });
    const run = await wh.prisma.metricRun.findFirstOrThrow({ where: { metricKey: "act_3d" }, orderBy: { startedAt: "desc" } });
    // 8 days, 2 weeks and 1 month, each for the total, 3 values of c and 3 of p.
    expect(run).toMatchObject({ status: "succeeded", outputRows: (8 + 2 + 1) * 7, inputRowCounts: { act: 12 } });
  });

  it.each([["act_3d", 3], ["act_1d", 1]])("agrees with a distinct count over the window at every day and slice: %s", async (key, days) => {
    const points = await wh.sql.query<{ dimension: string; dimension_value: string; period: string; value: number; expected: number }>(
      `SELECT mv.dimension, mv.dimension_value, mv.period, mv.value,
        (SELECT count(DISTINCT a.uid) FROM act a WHERE a.uid IS NOT NULL AND a.at > mv.period - $2::int AND a.at <= mv.period AND ${ACT_SLICE})::int AS expected
      FROM metric_value mv WHERE mv.metric_key = $1 AND mv.grain = 'day'`,
      [key, days],
    );
    expect(points).toHaveLength(8 * 7);
    expect(points.filter((p) => p.value !== p.expected)).toEqual([]);
  });

  it("sums numeric amounts exactly, and averages as PostgreSQL's avg over the rows does", async () => {
    // In double precision 0.10 + 0.20 + 0.40 is 0.7000000000000001.
    expect(await series("act_amount")).toEqual({
      "2024-01-01": 0.7, "2024-01-02": 1.1, "2024-01-03": 0.3, "2024-01-04": 0.7, "2024-01-05": 0.1, "2024-01-08": 0.1, "2024-01-09": 0.1,
    });
    expect(await series("act_amount", "week")).toEqual({ "2024-01-01": 2.9, "2024-01-08": 0.2 });
    expect(await series("act_amount", "month")).toEqual({ "2024-01-01": 3.1 });
    expect(await series("act_amount", "day", "p", "x")).toMatchObject({ "2024-01-02": 0.9 });
    expect(await series("act_amount", "week", "c", "(null)")).toEqual({ "2024-01-01": 0.5 });
    expect(await series("act_avg_amount", "week", "c", "A")).toEqual({ "2024-01-01": 0.2, "2024-01-08": 0.1 });
    const points = (key: string, fn: string) =>
      wh.sql.query<{ value: number; expected: number }>(
        `SELECT mv.value, (SELECT ${fn} FROM act a WHERE a.at >= mv.period AND a.at < mv.period + ('1 ' || mv.grain)::interval AND ${ACT_SLICE}) AS expected
        FROM metric_value mv WHERE mv.metric_key = $1`,
        [key],
      );
    const amounts = await points("act_avg_amount", "avg(a.amt)::float8");
    // Days, weeks and months with rows: the total, c = A, c = B, c = (null).
    expect(amounts).toHaveLength(7 + 2 + 1 + (4 + 2 + 1) + (4 + 2 + 1) + (2 + 1 + 1));
    expect(amounts.filter((p) => p.value !== p.expected)).toEqual([]);
    const scores = await points("act_avg_score", "avg(a.score)");
    expect(scores.length).toBeGreaterThan(20);
    for (const p of scores) expect(Math.abs(p.value - p.expected)).toBeLessThanOrEqual(1e-12 * Math.abs(p.expected));
  });

  it("accumulates from the first day", async () => {
    expect(await series("users_to_date", "week")).toEqual({ "2024-01-01": 2, "2024-01-08": 3 });
    expect(await series("users_to_date", "day", "c", "B")).toMatchObject({ "2024-01-08": 1, "2024-01-09": 2 });
    expect(await series("amount_to_date", "day")).toMatchObject({ "2024-01-01": 16, "2024-01-07": 23, "2024-01-09": 26 });
  });

  it("computes ratios and expressions from the stored inputs, after them", async () => {
    expect(await series("amount_per_event", "week")).toEqual({ "2024-01-01": 23 / 4, "2024-01-08": 1 });
    expect(await series("amount_per_event", "day", "c", "A")).toEqual({ "2024-01-01": 10, "2024-01-03": 7 });
    expect(await series("score", "week")).toEqual({ "2024-01-01": 42, "2024-01-08": 2 });
  });

  it("records each run with its SQL, versions and row counts", async () => {
    const run = await wh.prisma.metricRun.findFirstOrThrow({ where: { metricKey: "amount" }, orderBy: { startedAt: "desc" } });
    expect(run).toMatchObject({ status: "succeeded", outputRows: 15, inputRowCounts: { ev: 5 } });
    expect(run.definitionVersionId).toMatch(/^amount@[0-9a-f]{12}$/);
    expect(run.sql).toContain("INSERT INTO metric_value");
    expect(run.sql).toContain("-- parameters:");
    const stored = await wh.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM metric_value WHERE run_id = $1`, [run.id]);
    expect(stored[0]?.n).toBe(15);
  });

  it("stores composed definitions with the grains and dimensions their inputs share", async () => {
    const metric = await wh.prisma.metricDefinition.findUniqueOrThrow({ where: { key: "amount_per_event" }, include: { versions: true } });
    expect(metric.versions[0]?.definition).toMatchObject({ grains: ["day", "week", "month"], dimensions: ["c"] });
  });

  it("gives identical values and no duplicates when rerun", async () => {
    const dump = () => wh.sql.query(`SELECT metric_key, grain, period, dimension, dimension_value, value FROM metric_value ORDER BY 1, 2, 3, 4, 5`);
    const before = await dump();
    await computeMetrics(wh, { metricsDir: dir });
    expect(await dump()).toEqual(before);
    const versions = await wh.prisma.metricDefinitionVersion.count();
    expect(versions).toBe(Object.keys(FILES).length);
  });

  it("keeps a metric's previous values when its run fails, and records the error", async () => {
    const before = await series("amount", "week");
    // Valid YAML and real columns, but the bound value is not a number: fails inside the run.
    const broken = metricsDir({ ...FILES, amount: FILES.amount!.replace("op: in, value: [A, B] }", "op: in, value: [A, B] }\n  - { column: amt, op: gt, value: lots }") });
    const results = await computeMetrics(wh, { metricsDir: broken });
    const byKey = new Map(results.map((r) => [r.key, r]));
    expect(byKey.get("amount")).toMatchObject({ status: "failed", error: expect.stringContaining("lots") });
    expect(byKey.get("amount_per_event")).toMatchObject({ status: "failed", error: expect.stringContaining("input metric 'amount' failed") });
    expect(byKey.get("events")?.status).toBe("succeeded");
    expect(await series("amount", "week")).toEqual(before);
    const failed = await wh.prisma.metricRun.findUniqueOrThrow({ where: { id: byKey.get("amount")!.runId } });
    expect(failed).toMatchObject({ status: "failed", error: expect.stringContaining("lots") });
    // The changed file is a new definition version, now current.
    const current = await wh.prisma.metricDefinition.findUniqueOrThrow({ where: { key: "amount" } });
    expect(current.currentVersionId).toBe(failed.definitionVersionId);
  });

  it("refuses to compute when a metric file names a column the warehouse lacks", async () => {
    const typo = metricsDir({ ...FILES, events: FILES.events!.replace("time_column: at", "time_column: att") });
    await expect(computeMetrics(wh, { metricsDir: typo })).rejects.toThrow(/events\.yaml:\d+: time_column: no column 'att' in table 'ev'/);
  });
});
