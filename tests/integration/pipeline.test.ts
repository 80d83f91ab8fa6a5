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
};

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
