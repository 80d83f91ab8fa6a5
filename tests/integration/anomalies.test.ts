// Anomaly detection over stored series, on the demo shop's planted events:
// the launch spike, the outage dip, and ordinary weekends left alone.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listMetricAnomalies } from "@/lib/anomaly/queries/list-metric-anomalies";
import { DEMO_EVENTS, seedDemoShop } from "@/lib/demo/seed";
import { metricDefinitionSchema } from "@/lib/metrics/definition-schema";
import { addDays } from "@/lib/metrics/periods";
import { computeMetrics } from "@/lib/pipeline/compute";
import { WAREHOUSES, type TestWarehouse } from "../support/warehouses";

const METRICS_DIR = path.resolve("metrics");
const LAUNCH = DEMO_EVENTS.marketingLaunch.date;
const OUTAGE = DEMO_EVENTS.outage.date;
/** The launch lifts traffic for its decay and, through the new users' return visits, some weeks after. */
const afterLaunch = (period: string) => period >= LAUNCH && period < addDays(LAUNCH, 28);

describe.each(WAREHOUSES)("anomalies on $name", (factory) => {
  let wh: TestWarehouse;

  beforeAll(async () => {
    wh = await factory.open();
    await seedDemoShop(wh.sql, { scale: 150_000 });
    const results = await computeMetrics(wh, { metricsDir: METRICS_DIR, only: ["sessions", "signups"] });
    expect(results.filter((r) => r.status !== "succeeded")).toEqual([]);
  }, 600_000);
  afterAll(() => wh?.dispose());

  it("flags the outage on sessions as a dip, and nothing else outside the launch weeks", async () => {
    const found = await listMetricAnomalies(wh, { key: "sessions", name: "Sessions", unit: "count" });
    expect(found.find((a) => a.period === OUTAGE)).toMatchObject({ direction: "dip", sentence: expect.stringMatching(/^Sessions on Thu, Mar 12, 2026: [\d,]+, (far )?below the usual [\d,]+–[\d,]+ for a Thursday\.$/) });
    expect(found.filter((a) => a.period !== OUTAGE && !afterLaunch(a.period)).map((a) => a.period)).toEqual([]);
  });

  it("flags the launch on signups as a spike", async () => {
    const found = await listMetricAnomalies(wh, { key: "signups", name: "Signups", unit: "users" });
    expect(found.find((a) => a.period === LAUNCH)).toMatchObject({ direction: "spike" });
    expect(found.filter((a) => a.direction === "spike").every((a) => afterLaunch(a.period))).toBe(true);
  });

  it("reads only the requested window (plus its baseline) and slices", async () => {
    const march = await listMetricAnomalies(wh, { key: "sessions", name: "Sessions", unit: "count" }, { from: "2026-03-01", to: "2026-03-31" });
    expect(march.map((a) => a.period)).toEqual([OUTAGE]);
    const none = await listMetricAnomalies(wh, { key: "sessions", name: "Sessions", unit: "count" }, { from: "2026-04-01", to: "2026-04-30" });
    expect(none).toEqual([]);
    const unknown = await listMetricAnomalies(wh, { key: "sessions", name: "Sessions", unit: "count" }, { dimension: { name: "country", value: "XX" } });
    expect(unknown).toEqual([]);
  });

  it("stores each definition's intent with it", async () => {
    const rows = await wh.sql.query<{ definition: unknown }>(
      `SELECT v.definition FROM metric_definition d JOIN metric_definition_version v ON v.id = d.current_version_id WHERE d.key = 'revenue'`,
    );
    const definition = metricDefinitionSchema.parse(rows[0]?.definition);
    expect(definition).toMatchObject({
      direction: "higher_is_better",
      target: { week: expect.any(Number) },
      bands: { type: "relative" },
      playbook: { checks: expect.arrayContaining([expect.any(String)]), links: expect.arrayContaining([expect.objectContaining({ url: expect.stringMatching(/^https:\/\//) })]) },
      alerts: expect.arrayContaining([{ kind: "anomaly", grain: "day" }]),
    });
  });
});
