// Incremental compute: after new, late, corrected and deleted source rows,
// rewriting only the touched periods leaves exactly the points a full
// recompute writes, for every metric kind, on both warehouses.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeMetrics, type MetricRunResult } from "@/lib/pipeline/compute";
import { periodOf, periodsScope } from "@/lib/pipeline/incremental";
import { WAREHOUSES, type TestWarehouse } from "../support/warehouses";

// 91 days (a quarter and the first day of the next), 3 to 6 rows a day, 13
// users over four values of c (one NULL), amounts in cents.
const SOURCE = `CREATE TABLE src (at timestamptz, uid int, c text, amt numeric(10,2));
INSERT INTO src
SELECT timestamptz '2024-01-01 00:00+00' + d * interval '1 day' + i * interval '5 hours',
  (i * 7 + d * 3) % 13, (ARRAY['A', 'B', 'C', NULL])[1 + (i + d) % 4], ((i * 37 + d * 11) % 1000) / 10.0
FROM generate_series(0, 91) d, generate_series(0, 2 + d % 4) i;`;

const head = (key: string, kind: string) => `key: ${key}\nname: ${key}\ndescription: test\nkind: ${kind}\nunit: number\nowner: test\ngrains: [day, week, month, quarter]\n`;
const on = "table: src\ntime_column: at\n";
const FILES: Record<string, string> = {
  cnt: head("cnt", "aggregate") + on + "dimensions: [c]\naggregate: { fn: count }\n",
  total: head("total", "aggregate") + on + "dimensions: [c]\naggregate: { fn: sum, column: amt }\n",
  users: head("users", "aggregate") + on + "dimensions: [c]\naggregate: { fn: count_distinct, column: uid }\n",
  avg_amt: head("avg_amt", "aggregate") + on + "aggregate: { fn: avg, column: amt }\n",
  max_amt: head("max_amt", "aggregate") + on + "dimensions: [c]\naggregate: { fn: max, column: amt }\nfilters:\n  - { column: amt, op: gt, value: 5 }\n",
  active_7d: head("active_7d", "rolling_distinct") + on + "dimensions: [c]\ncolumn: uid\nwindow_days: 7\n",
  total_to_date: head("total_to_date", "cumulative") + on + "dimensions: [c]\naggregate: { fn: sum, column: amt }\n",
  rows_to_date: head("rows_to_date", "cumulative") + on + "aggregate: { fn: count }\n",
  users_to_date: head("users_to_date", "cumulative") + on + "aggregate: { fn: count_distinct, column: uid }\n",
  per_row: head("per_row", "ratio") + "numerator: total\ndenominator: cnt\n",
  net: head("net", "derived") + "expression: 2 * total - cnt\n",
};
const AGGREGATES = ["cnt", "total", "users", "avg_amt", "max_amt"];
const SNAPSHOTS = ["active_7d", "total_to_date", "rows_to_date"];

function metricsDir(files: Record<string, string>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "triad-incremental-"));
  for (const [key, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, `${key}.yaml`), text);
  return dir;
}

type Point = {
  metric_key: string;
  grain: string;
  period: string;
  dimension: string;
  dimension_value: string;
  value: number | null;
  input_rows: string | null;
  run_id: string;
};

describe.each(WAREHOUSES)("incremental compute on $name", (factory) => {
  let wh: TestWarehouse;
  const dir = metricsDir(FILES);
  const points = async () =>
    wh.sql.query<Point>(
      `SELECT metric_key, grain, period::text AS period, dimension, dimension_value, value, input_rows::text AS input_rows, run_id
       FROM metric_value ORDER BY metric_key, grain, period, dimension, dimension_value`,
    );
  const withoutRun = (ps: Point[]) => ps.map(({ run_id: _, ...p }) => p);
  const compute = async (full = false) => {
    const results = await computeMetrics(wh, { metricsDir: dir, full, alerts: false });
    expect(results.filter((r) => r.status !== "succeeded")).toEqual([]);
    return new Map(results.map((r) => [r.key, r]));
  };
  /** Runs incremental, then full, and expects the same points; returns the incremental runs and points. */
  const incrementalEqualsFull = async () => {
    const runs = await compute();
    const incremental = await points();
    await compute(true);
    expect(withoutRun(incremental)).toEqual(withoutRun(await points()));
    return { runs, incremental };
  };
  const rewritten = (ps: Point[], run: MetricRunResult | undefined) => ps.filter((p) => p.run_id === run?.runId);

  beforeAll(async () => {
    wh = await factory.open();
    await wh.sql.exec(SOURCE);
    const runs = await compute();
    expect([...runs.values()].every((r) => r.mode === "full" && r.reason === "no earlier succeeded run")).toBe(true);
  });
  afterAll(() => wh?.dispose());

  it("with no source change rewrites nothing and keeps every point", async () => {
    const before = await points();
    const runs = await compute();
    for (const r of runs.values()) {
      expect(r, r.key).toMatchObject({ mode: "incremental", outputRows: 0 });
    }
    expect(await points()).toEqual(before);
    const [run] = await wh.sql.query<{ mode: string; sql: string }>(`SELECT mode, sql FROM metric_run WHERE id = $1`, [runs.get("cnt")!.runId]);
    expect(run).toMatchObject({ mode: "incremental", sql: "-- No statement ran: no source day changed." });
  });

  it("after changes inside the series rewrites rolling windows and running totals only from the first changed day", async () => {
    await wh.sql.exec(`
      UPDATE src SET amt = amt + 500, c = 'B' WHERE at = '2024-02-20 05:00+00';
      DELETE FROM src WHERE at = '2024-03-10 10:00+00';
      INSERT INTO src VALUES ('2024-02-02 12:00+00', 11, 'C', 4.20);`);
    const { runs, incremental } = await incrementalEqualsFull();
    // Windows of 7 days holding Feb 2 to Mar 10: snapshot days Feb 2 to Mar 16.
    expect(runs.get("active_7d")).toMatchObject({ mode: "incremental", reason: "rows changed on 3 day(s) inside the series: rewritten from 2024-02-02 to 2024-03-16" });
    const rolling = rewritten(incremental, runs.get("active_7d"));
    expect(rolling.filter((p) => p.grain === "day").map((p) => p.period).sort()).toEqual(
      [...new Set(incremental.filter((p) => p.metric_key === "active_7d" && p.grain === "day" && p.period >= "2024-02-02" && p.period <= "2024-03-16").map((p) => `${p.period} ${p.dimension_value}`))].map((x) => x.split(" ")[0]).sort(),
    );
    // The week, month and quarter points whose snapshot day is in that range: not January's, nor the last week's.
    expect(rolling.filter((p) => p.grain !== "day").every((p) => p.period >= "2024-01-29" && p.period <= "2024-03-11" || p.grain === "quarter")).toBe(true);
    expect(rolling.some((p) => p.grain === "month" && p.period === "2024-01-01")).toBe(false);
    for (const key of ["total_to_date", "rows_to_date"]) {
      expect(runs.get(key), key).toMatchObject({ mode: "incremental", reason: "rows changed on 3 day(s) inside the series: rewritten from 2024-02-02" });
      expect(rewritten(incremental, runs.get(key)).filter((p) => periodOf(p.grain as "day", p.period).end < "2024-02-02"), key).toEqual([]);
    }
    expect(runs.get("users_to_date")?.mode).toBe("full");
  });

  it("after new, late, corrected and deleted rows equals a full recompute, rewriting only the touched periods", async () => {
    const total = (await points()).length;
    await wh.sql.exec(`
      INSERT INTO src VALUES ('2024-04-02 10:00+00', 3, 'A', 12.50), ('2024-04-02 11:00+00', 40, 'D', 99.99);
      UPDATE src SET amt = amt + 1000 WHERE at = '2024-02-14 05:00+00';
      DELETE FROM src WHERE at = '2024-03-05 10:00+00';
      DELETE FROM src WHERE at >= '2024-01-20' AND at < '2024-01-21';
      INSERT INTO src VALUES ('2023-12-30 23:59+00', 7, 'B', 3.00);`);
    const changed = ["2023-12-30", "2024-01-20", "2024-02-14", "2024-03-05", "2024-04-02"];
    const { runs, incremental } = await incrementalEqualsFull();
    const scope = periodsScope(changed, ["day", "week", "month", "quarter"]);
    const touched = new Set(scope.pairs.map((p) => `${p.grain} ${p.period}`));
    for (const key of [...AGGREGATES, "per_row", "net"]) {
      const run = runs.get(key);
      expect(run?.mode, key).toBe("incremental");
      const mine = rewritten(incremental, run);
      expect(mine.length, key).toBeGreaterThan(0);
      expect(mine.filter((p) => !touched.has(`${p.grain} ${p.period}`)), key).toEqual([]);
    }
    expect(runs.get("cnt")?.outputRows).toBeLessThan(total / 11 / 2);
    // The emptied day lost its point; the late day before all others gained one.
    const cnt = incremental.filter((p) => p.metric_key === "cnt" && p.grain === "day" && p.dimension === "");
    expect(cnt.map((p) => p.period)).not.toContain("2024-01-20");
    expect(cnt.find((p) => p.period === "2023-12-30")).toMatchObject({ value: 1, input_rows: "1" });
    // Changes on days that already had rows run the series metrics in full, saying why.
    for (const key of [...SNAPSHOTS, "users_to_date"]) expect(runs.get(key)?.mode, key).toBe("full");
    expect(runs.get("active_7d")?.reason).toBe("rows changed on 2023-12-30 to 2024-04-02, at or beyond the series' first or last day");
    const [stored] = await wh.sql.query<{ mode: string; scope: { changedDays: string[] } }>(`SELECT mode, scope FROM metric_run WHERE id = $1`, [runs.get("total")!.runId]);
    expect(stored?.mode).toBe("incremental");
    expect(stored?.scope.changedDays).toEqual(changed);
  });

  it("after appended days continues rolling windows and running totals from the last day, with a new slice", async () => {
    // Apr 3 has no rows (a gap day), Apr 4 and 5 do; 'E' is a new value of c.
    await wh.sql.exec(`INSERT INTO src VALUES ('2024-04-04 08:00+00', 5, 'E', 7.25), ('2024-04-04 09:00+00', 6, 'A', 1.10), ('2024-04-05 01:00+00', 5, NULL, 2.00);`);
    const { runs, incremental } = await incrementalEqualsFull();
    for (const key of SNAPSHOTS) {
      const run = runs.get(key);
      expect(run, key).toMatchObject({ mode: "incremental", reason: "only new days appended (2024-04-04 to 2024-04-05)" });
      const mine = rewritten(incremental, run);
      // Points of periods ending before Apr 3 are rewritten only for the new slice (its zeros).
      const old = mine.filter((p) => periodOf(p.grain as "day", p.period).end < "2024-04-03");
      expect(old.filter((p) => p.dimension_value !== "E"), key).toEqual([]);
      // Otherwise: Apr 3 to 5 and the week, month and quarter holding them, for each slice.
      const kept = mine.filter((p) => p.dimension_value !== "E");
      expect(kept.length, key).toBe(6 * new Set(kept.map((p) => `${p.dimension}=${p.dimension_value}`)).size);
    }
    expect(runs.get("users_to_date")?.mode).toBe("full");
    expect(rewritten(incremental, runs.get("cnt")).every((p) => p.period >= "2024-04-01")).toBe(true);
    // Three days of a 7-day window: each day counted over its window, the gap day included.
    const [stored] = await wh.sql.query<{ scope: { from: string; through?: string } }>(`SELECT scope FROM metric_run WHERE id = $1`, [runs.get("active_7d")!.runId]);
    expect(stored?.scope).toMatchObject({ from: "2024-04-03", through: "2024-04-05" });
    expect(incremental.filter((p) => p.metric_key === "active_7d" && p.grain === "day" && p.period === "2024-04-03" && p.dimension === "")).toHaveLength(1);
  });

  it("after a longer run of appended days carries rolling windows forward from the last day", async () => {
    // Nine days, the first two empty, then a slice ('F') seen only on the new days.
    await wh.sql.exec(`INSERT INTO src SELECT timestamptz '2024-04-08 06:00+00' + d * interval '1 day', (d * 5) % 13, (ARRAY['A', 'F', NULL])[1 + d % 3], d FROM generate_series(0, 6) d;`);
    const { runs } = await incrementalEqualsFull();
    expect(runs.get("active_7d")).toMatchObject({ mode: "incremental", reason: "only new days appended (2024-04-08 to 2024-04-14)" });
    const [stored] = await wh.sql.query<{ scope: { from: string; through?: string } }>(`SELECT scope FROM metric_run WHERE id = $1`, [runs.get("active_7d")!.runId]);
    expect(stored?.scope.from).toBe("2024-04-06");
    expect(stored?.scope.through).toBeUndefined();
  });

  it("after a definition change computes that metric in full; --full computes every metric in full", async () => {
    fs.writeFileSync(path.join(dir, "cnt.yaml"), FILES.cnt!.replace("description: test", "description: test, changed"));
    const runs = await compute();
    expect(runs.get("cnt")).toMatchObject({ mode: "full", reason: "the definition changed since the last run" });
    expect(runs.get("total")?.mode).toBe("incremental");
    // The ratio's denominator was rewritten in full, so the ratio is too.
    expect(runs.get("per_row")).toMatchObject({ mode: "full", reason: "its input 'cnt' was computed in full" });
    const all = await compute(true);
    expect([...all.values()].every((r) => r.mode === "full" && r.reason === "--full")).toBe(true);
  });
});
