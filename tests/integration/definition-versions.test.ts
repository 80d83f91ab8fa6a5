// Versions of a metric definition on both warehouses: a changed file is a new
// version, the diff names the changed lines, and each version is credited with
// the stored points its runs wrote; through the query functions and the routes.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as getVersionsRoute } from "@/app/api/metrics/[key]/versions/route";
import { GET as getDiffRoute } from "@/app/api/metrics/[key]/versions/diff/route";
import type { Warehouse } from "@/lib/db";
import { getDefinitionDiffOrThrow } from "@/lib/metrics/queries/get-definition-diff-or-throw";
import { listDefinitionVersionsOrThrow } from "@/lib/metrics/queries/list-definition-versions-or-throw";
import { computeMetrics } from "@/lib/pipeline/compute";
import { listRuns } from "@/lib/runs/queries";
import { listRunsQuerySchema } from "@/lib/runs/run-schema";
import { signedRequest } from "../support/auth";
import { WAREHOUSES, type TestWarehouse } from "../support/warehouses";
import { adminViewer } from "../support/viewers";

const state = vi.hoisted(() => ({ wh: undefined as Warehouse | undefined }));
vi.mock("@/lib/db", () => ({
  getWarehouse: async () => {
    if (!state.wh) throw new Error("no test warehouse");
    return state.wh;
  },
}));

// Six sales over 2024-01-01 (a Monday) .. 2024-02-05; one is not paid, one is zero.
const SALES = `CREATE TABLE sales (at timestamptz, amount numeric(10,2), status text);
INSERT INTO sales VALUES
  ('2024-01-01 10:00+00', 10, 'paid'), ('2024-01-02 10:00+00', 5, 'paid'), ('2024-01-09 10:00+00', 0, 'paid'),
  ('2024-01-20 10:00+00', 7, 'void'), ('2024-02-01 10:00+00', 3, 'paid'), ('2024-02-05 10:00+00', 2, 'paid');`;

const V1 = `key: takings
name: Takings
description: Paid sales.
kind: aggregate
unit: number
owner: test
table: sales
time_column: at
aggregate: { fn: sum, column: amount }
filters:
  - { column: status, op: eq, value: paid }
grains: [day, month]
`;
// Drops zero sales and adds the week grain.
const V2 = V1.replace("grains: [day, month]", "grains: [day, week, month]").replace(
  "  - { column: status, op: eq, value: paid }\n",
  "  - { column: status, op: eq, value: paid }\n  - { column: amount, op: gt, value: 0 }\n",
);
// Compiles, but fails when run: the bound value is not a number.
const V3 = V2.replace("value: 0 }", "value: lots }");

function metricsDir(source: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "triad-definitions-"));
  fs.writeFileSync(path.join(dir, "takings.yaml"), source);
  return dir;
}

const params = (key: string) => ({ params: Promise.resolve({ key }) });

describe.each(WAREHOUSES)("definition versions on $name", (factory) => {
  let wh: TestWarehouse;
  const ids: string[] = [];
  const storedByRun = async () =>
    wh.sql.query<{ version_id: string; grain: string; n: number }>(
      `SELECT r.definition_version_id AS version_id, v.grain, count(*)::int AS n FROM metric_value v JOIN metric_run r ON r.id = v.run_id GROUP BY 1, 2 ORDER BY 1, 2`,
    );

  beforeAll(async () => {
    wh = await factory.open();
    state.wh = wh;
    await wh.sql.exec(SALES);
  });
  afterAll(() => wh?.dispose());

  it("credits the first version with every point of its run", async () => {
    const [result] = await computeMetrics(wh, { metricsDir: metricsDir(V1) });
    expect(result?.status).toBe("succeeded");
    const list = await listDefinitionVersionsOrThrow(wh, adminViewer, "takings");
    expect(list.versions).toHaveLength(1);
    const [v1] = list.versions;
    ids.push(v1!.id);
    expect(v1).toMatchObject({
      current: true,
      source: V1,
      runs: 1,
      succeededRuns: 1,
      storedPoints: 7,
      sqlRunId: result!.runId,
    });
    // Paid days: Jan 1, 2, 9, Feb 1, 5; months: Jan, Feb.
    expect(v1!.pointsByGrain).toEqual([
      { grain: "day", points: 5, firstPeriod: "2024-01-01", lastPeriod: "2024-02-05" },
      { grain: "month", points: 2, firstPeriod: "2024-01-01", lastPeriod: "2024-02-01" },
    ]);
    expect(v1!.formula).toMatch(/status is 'paid'/);
    expect(v1!.sql).toContain("sales");
  });

  it("records a changed file as a new version that takes the points over", async () => {
    await computeMetrics(wh, { metricsDir: metricsDir(V2) });
    const list = await listDefinitionVersionsOrThrow(wh, adminViewer, "takings");
    expect(list.versions.map((v) => v.current)).toEqual([true, false]);
    const [v2, v1] = list.versions;
    ids.push(v2!.id);
    expect(v1!.id).toBe(ids[0]);
    expect(list.currentVersionId).toBe(v2!.id);
    // The zero sale on Jan 9 is gone: 4 days, 3 weeks (Jan 1, Jan 29, Feb 5), 2 months.
    expect(v2!.pointsByGrain).toEqual([
      { grain: "day", points: 4, firstPeriod: "2024-01-01", lastPeriod: "2024-02-05" },
      { grain: "week", points: 3, firstPeriod: "2024-01-01", lastPeriod: "2024-02-05" },
      { grain: "month", points: 2, firstPeriod: "2024-01-01", lastPeriod: "2024-02-01" },
    ]);
    // The rerun replaced every point, so the first version keeps its run but no points.
    expect(v1).toMatchObject({ runs: 1, storedPoints: 0, pointsByGrain: [] });
    expect(await storedByRun()).toEqual([
      { version_id: v2!.id, grain: "day", n: 4 },
      { version_id: v2!.id, grain: "month", n: 2 },
      { version_id: v2!.id, grain: "week", n: 3 },
    ]);
  });

  it("keeps the points with the version whose run wrote them when a newer version fails", async () => {
    const [result] = await computeMetrics(wh, { metricsDir: metricsDir(V3) });
    expect(result?.status).toBe("failed");
    const list = await listDefinitionVersionsOrThrow(wh, adminViewer, "takings");
    const [v3, v2] = list.versions;
    ids.push(v3!.id);
    expect(v3).toMatchObject({
      current: true,
      runs: 1,
      succeededRuns: 0,
      storedPoints: 0,
      pointsByGrain: [],
    });
    expect(v2).toMatchObject({ id: ids[1], current: false, storedPoints: 9 });
    const runs = await listRuns(
      wh,
      adminViewer,
      listRunsQuerySchema.parse({ metric: "takings", definitionVersion: v3!.id }),
    );
    expect(runs.runs.map((r) => [r.status, r.definitionVersionId])).toEqual([["failed", v3!.id]]);
    expect(
      (await listRuns(wh, adminViewer, listRunsQuerySchema.parse({ definitionVersion: ids[0] }))).total,
    ).toBe(1);
  });

  it("diffs two versions line by line", async () => {
    const diff = await getDefinitionDiffOrThrow(wh, adminViewer, "takings", { from: ids[0]!, to: ids[1]! });
    expect(diff).toMatchObject({
      metricKey: "takings",
      added: 2,
      removed: 1,
      from: { id: ids[0] },
      to: { id: ids[1] },
    });
    expect(diff.lines.filter((l) => l.kind === "added").map((l) => [l.toLine, l.text])).toEqual([
      [12, "  - { column: amount, op: gt, value: 0 }"],
      [13, "grains: [day, week, month]"],
    ]);
    expect(diff.lines.filter((l) => l.kind === "removed").map((l) => [l.fromLine, l.text])).toEqual(
      [[12, "grains: [day, month]"]],
    );
    expect(diff.patch).toContain("\n+  - { column: amount, op: gt, value: 0 }\n");
    expect(diff.patch).toContain("\n-grains: [day, month]\n");
    const back = await getDefinitionDiffOrThrow(wh, adminViewer, "takings", { from: ids[1]!, to: ids[2]! });
    expect(
      back.lines
        .filter((l) => l.kind !== "context" && l.kind !== "hunk")
        .map((l) => `${l.kind} ${l.text}`),
    ).toEqual([
      "removed   - { column: amount, op: gt, value: 0 }",
      "added   - { column: amount, op: gt, value: lots }",
    ]);
  });

  it("answers the routes, with 404 for an unknown metric or version and 400 naming a bad parameter", async () => {
    const list = await getVersionsRoute(
      await signedRequest("http://test/api/metrics/takings/versions", "admin"),
      params("takings"),
    );
    expect(list.status).toBe(200);
    expect(((await list.json()) as { versions: unknown[] }).versions).toHaveLength(3);
    expect(
      (await getVersionsRoute(await signedRequest("http://test/api/metrics/nope/versions", "admin"), params("nope")))
        .status,
    ).toBe(404);
    expect(
      (
        await getVersionsRoute(
          await signedRequest("http://test/api/metrics/Bad-Key/versions", "admin"),
          params("Bad-Key"),
        )
      ).status,
    ).toBe(400);

    const url = (q: string) => signedRequest(`http://test/api/metrics/takings/versions/diff?${q}`, "admin");
    const ok = await getDiffRoute(
      await url(new URLSearchParams({ from: ids[0]!, to: ids[1]! }).toString()),
      params("takings"),
    );
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { added: number }).added).toBe(2);
    const cases: [string, number, string][] = [
      [new URLSearchParams({ to: ids[1]! }).toString(), 400, "from"],
      [new URLSearchParams({ from: ids[0]!, to: "takings@000000000000" }).toString(), 404, "to"],
      [new URLSearchParams({ from: "orders@1", to: ids[1]! }).toString(), 404, "from"],
      [`${new URLSearchParams({ from: ids[0]!, to: ids[1]! })}&extra=1`, 400, ""],
    ];
    for (const [q, status, parameter] of cases) {
      const res = await getDiffRoute(await url(q), params("takings"));
      const body = (await res.json()) as { error: { parameter?: string; message: string } };
      expect([res.status, body.error.parameter ?? ""], q).toEqual([status, parameter]);
    }
    const unknown = await getDiffRoute(
      await signedRequest(`http://test/api/metrics/nope/versions/diff?from=a&to=b`, "admin"),
      params("nope"),
    );
    expect(unknown.status).toBe(404);
  });
});
